// The incident board: open incidents first (then most urgent, then newest), filters by status, type, district and
// period, a text search; a click shows the incident with its linked calls.
(() => {
  const $ = id => document.getElementById(id);
  let reference = { types: [], districts: [] }, rows = [], current = null;
  const typeName = code => { const x = reference.types.find(y => y.code === code); return x ? (lang() === 'en' ? x.nameEn : x.nameEs) : word('type', code); };
  const districtName = code => code ? ((reference.districts.find(d => d.code === code) || {}).name || code) : t('noDistrict');

  document.addEventListener('DOMContentLoaded', async () => {
    const me = await Api.me();
    if (!me) { location.href = './'; return; }
    $('who').textContent = me.displayName + ' · ' + word('role', me.role);
    reference = await Api.get('/api/reference');
    fillFilters();
    ['f-status', 'f-type', 'f-district', 'f-period'].forEach(id => $(id).addEventListener('change', load));
    $('f-text').addEventListener('input', render);
    $('board-filters').addEventListener('submit', e => e.preventDefault());
    document.addEventListener('cu:lang', () => { fillFilters(); render(); if (current) show(current); });
    await load();
    const wanted = Number(location.hash.slice(1));
    if (wanted) open(wanted);
  });

  function fillFilters() {
    const keep = id => $(id).value;
    const s = keep('f-status'), ty = keep('f-type'), d = keep('f-district'), p = keep('f-period');
    $('f-status').replaceChildren(el('option', { value: 'open' }, t('openOnes')), el('option', { value: '' }, t('all')),
      ...['NEW', 'DISPATCHED', 'ON_SCENE', 'CLOSED'].map(x => el('option', { value: x }, word('status', x))));
    $('f-type').replaceChildren(el('option', { value: '' }, t('all')), ...reference.types.map(x => el('option', { value: x.code }, typeName(x.code))));
    $('f-district').replaceChildren(el('option', { value: '' }, t('all')), ...reference.districts.map(x => el('option', { value: x.code }, x.name)));
    $('f-period').replaceChildren(...[['24', t('last24h')], ['168', t('last7d')], ['', t('all')]].map(([v, l]) => el('option', { value: v }, l)));
    $('f-status').value = s || 'open';
    $('f-type').value = ty || '';
    $('f-district').value = d || '';
    $('f-period').value = $('f-period').dataset.ready ? p : '24';
    $('f-period').dataset.ready = 'yes';
  }

  async function load() {
    const q = new URLSearchParams({ limit: '1000' });
    if ($('f-status').value === 'open') q.set('open', 'true'); else if ($('f-status').value) q.set('status', $('f-status').value);
    if ($('f-district').value) q.set('district', $('f-district').value);
    try {
      rows = await Api.get('/api/incidents?' + q);
    } catch (e) {
      $('board-count').textContent = problem(e);
      return;
    }
    render();
  }

  function render() {
    const text = $('f-text').value.trim().toLowerCase();
    const hours = Number($('f-period').value || 0);
    const since = hours ? Date.now() - hours * 3600_000 : 0;
    const shown = rows.filter(i => (!$('f-type').value || i.type === $('f-type').value)
        && (!since || new Date(i.createdAt).getTime() >= since)
        && (!text || [String(i.id), i.address || '', i.notes || '', districtName(i.district)].some(v => v.toLowerCase().includes(text))))
      .sort((a, b) => (a.status === 'CLOSED') - (b.status === 'CLOSED') || a.priority - b.priority
        || new Date(b.createdAt) - new Date(a.createdAt));
    $('board-count').textContent = shown.length + ' ' + t('incidentsShown');
    $('board').replaceChildren(...shown.map(i => {
      const tr = el('tr', { 'data-incident-id': i.id, class: 'clickable' + (i.status === 'CLOSED' ? ' closed' : '') },
        el('td', {}, i.id), el('td', {}, el('span', { class: 'prio p' + i.priority }, i.priority)), el('td', {}, word('status', i.status)),
        el('td', {}, typeName(i.type)), el('td', {}, districtName(i.district)), el('td', {}, i.address || '—'), el('td', {}, when(i.createdAt)));
      tr.addEventListener('click', () => open(i.id));
      return tr;
    }));
  }

  async function open(id) {
    try {
      current = await Api.get('/api/incidents/' + id);
      show(current);
    } catch (e) {
      $('no-detail').hidden = false;
      $('no-detail').textContent = problem(e);
    }
  }

  function show(i) {
    $('no-detail').hidden = true;
    $('detail').hidden = false;
    $('d-id').textContent = i.id;
    const facts = [[t('status'), word('status', i.status)], [t('priority'), t('p' + i.priority)], [t('type'), typeName(i.type)],
      [t('district'), districtName(i.district)], [t('address'), i.address || '—'],
      [t('location'), i.latitude != null ? Number(i.latitude).toFixed(5) + ', ' + Number(i.longitude).toFixed(5) : '—'],
      [t('created'), when(i.createdAt)], [t('updated'), when(i.updatedAt)], [t('notes'), i.notes || '—']];
    if (i.closedAt) facts.push([t('closedAt'), when(i.closedAt)]);
    $('d-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    $('d-calls').replaceChildren(...(i.callList || []).map(c => el('li', {}, when(c.arrivedAt) + ' — ' + (c.callerNumber || '—') + ' — '
      + typeName(c.type) + ' — ' + word('outcome', c.outcome) + (c.prank ? ' — ' + t('marked') : ''))));
    if (!(i.callList || []).length) $('d-calls').replaceChildren(el('li', { class: 'muted' }, t('noCallsLinked')));
  }
})();
