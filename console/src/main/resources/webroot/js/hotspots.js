// Hotspots: incidents by district × hour of week as a heat table and a choropleth of the week's expected incidents.
// Every cell says how its figure was made ("Vie 22:00, San Juan de Lurigancho: esperado 13 ± 2.5").
let heat = null, names = {}, types = [], map = null, layer = null, shapes = null;

function shade(value, max) {
  if (!max || !value) return '#f8f8f4';
  const a = Math.min(1, value / max);
  const r = 255, g = Math.round(240 - 180 * a), b = Math.round(200 - 170 * a);
  return 'rgb(' + r + ',' + g + ',' + b + ')';
}

function cellText(d, c) {
  return t('dow' + c.dow) + ' ' + String(c.hour).padStart(2, '0') + ':00, ' + (names[d.district] || d.district) + ': '
    + t('expected') + ' ' + c.expected + ' ± ' + c.error + ' (' + t('lastWeek') + ' ' + c.lastWeek + ')';
}

function renderTable() {
  if (!heat) return;
  const districts = [...heat.districts].sort((a, b) => b.expectedWeek - a.expectedWeek);
  const max = Math.max(0, ...districts.flatMap(d => d.cells.map(c => c.expected)));
  const head = el('tr', {}, el('th', {}, ''), ...[1, 2, 3, 4, 5, 6, 7].map(d => el('th', { class: 'day', colSpan: 24 }, t('dow' + d))),
    el('th', {}, t('expectedWeek')));
  const rows = districts.map(d => el('tr', { 'data-district': d.district }, el('th', {}, names[d.district] || d.district),
    ...d.cells.map(c => {
      const td = el('td', { class: 'c', title: cellText(d, c), 'data-how': c.dow + ':' + c.hour });
      td.style.background = shade(c.expected, max);
      return td;
    }),
    el('th', {}, d.expectedWeek + ' (' + t('mae') + ' ± ' + d.meanAbsoluteError + ')')));
  document.getElementById('h-table').replaceChildren(head, ...rows);
  document.getElementById('h-summary').textContent = heat.weekStart + ' · ' + t('mae') + ' ± ' + (heat.meanAbsoluteError ?? '—');
}

function renderMap() {
  if (!heat || !shapes || typeof L === 'undefined') return;
  const byDistrict = {};
  heat.districts.forEach(d => { byDistrict[d.district] = d; });
  const max = Math.max(0, ...heat.districts.map(d => d.expectedWeek));
  if (!map) map = L.map('h-map', { zoomSnap: 0.25 });
  if (layer) layer.remove();
  const lima = shapes.filter(f => f.properties.ubigeo.startsWith('1501') || f.properties.ubigeo.startsWith('0701'));
  layer = L.geoJSON({ type: 'FeatureCollection', features: lima }, {
    style: f => ({ color: '#7b8794', weight: 1, fillOpacity: 0.8,
      fillColor: shade(byDistrict[f.properties.ubigeo] ? byDistrict[f.properties.ubigeo].expectedWeek : 0, max) }),
    onEachFeature: (f, l) => {
      const d = byDistrict[f.properties.ubigeo];
      const span = document.createElement('span');
      span.textContent = (names[f.properties.ubigeo] || f.properties.name) + ': ' + t('expectedWeek').toLowerCase() + ' '
        + (d ? d.expectedWeek + ' (± ' + d.meanAbsoluteError + ' / h)' : '0');
      l.bindTooltip(span, { sticky: true });
      l.on('add', () => { l.getElement().dataset.ubigeo = f.properties.ubigeo; });
    }
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [4, 4] });
}

function fillTypes() {
  const select = document.getElementById('h-type');
  const current = select.value;
  select.replaceChildren(el('option', { value: '' }, t('allTypes')),
    ...types.map(ty => el('option', { value: ty.code }, lang() === 'en' ? ty.nameEn : ty.nameEs)));
  select.value = current;
}

async function load() {
  const type = document.getElementById('h-type').value;
  try {
    heat = await Api.get('/api/hotspots' + (type ? '?type=' + encodeURIComponent(type) : ''));
    document.getElementById('h-error').textContent = '';
    renderTable();
    renderMap();
  } catch (e) {
    document.getElementById('h-error').textContent = e.status === 401 || e.status === 403 ? t('supervisorsOnly') : e.message;
  }
}

document.addEventListener('DOMContentLoaded', async () => {
  try {
    const ref = await Api.get('/api/reference');
    ref.districts.forEach(d => { names[d.code] = d.name; });
    types = ref.types;
  } catch (e) { /* codes are shown instead of names */ }
  fillTypes();
  document.getElementById('h-type').addEventListener('change', load);
  shapes = (await (await fetch('geo/districts.geojson')).json()).features;
  await load();
});
document.addEventListener('cu:lang', () => { fillTypes(); renderTable(); renderMap(); });
