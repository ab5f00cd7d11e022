// Reports: any date range grouped by day, hour, central, district, type or language; a chart (Chart.js, served by
// the app), the table, the same figures as CSV; and Erlang C staffing advice for the coming week.
const DIMENSIONS = ['day', 'hour', 'central', 'district', 'type', 'language'];
let chart = null;
let lastReport = null;
let lastStaffing = null;

function isoDay(d) {
  return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
}

function query() {
  return 'from=' + encodeURIComponent(document.getElementById('r-from').value) + '&to='
    + encodeURIComponent(document.getElementById('r-to').value) + '&by=' + encodeURIComponent(document.getElementById('r-by').value);
}

function fillDimensions() {
  const select = document.getElementById('r-by');
  const current = select.value || 'day';
  select.replaceChildren(...DIMENSIONS.map(d => el('option', { value: d }, t('by_' + d))));
  select.value = current;
}

function cell(key, value, text) {
  return el('td', { class: Supervisor.levelOf(key, value) }, text);
}

function renderReport() {
  const r = lastReport;
  if (!r) return;
  const label = row => Supervisor.name(r.by, row.key);
  const head = document.querySelector('#r-table thead');
  head.replaceChildren(el('tr', {}, el('th', {}, t('by_' + r.by)), el('th', {}, t('calls')), el('th', {}, t('within15')),
    el('th', {}, t('within20')), el('th', {}, t('abandonment')), el('th', {}, t('ivrTime')), el('th', {}, t('improper'))));
  const line = (name, k) => el('tr', {}, el('td', {}, name), el('td', {}, String(k.calls)),
    cell('pctWithin15', k.pctWithin15, Supervisor.pct(k.pctWithin15)), cell('pctWithin20', k.pctWithin20, Supervisor.pct(k.pctWithin20)),
    cell('abandonPct', k.abandonPct, Supervisor.pct(k.abandonPct)),
    el('td', {}, Supervisor.seconds(k.ivrP50) + ' / ' + Supervisor.seconds(k.ivrP90)),
    cell('improperPct', k.improperPct, Supervisor.pct(k.improperPct)));
  document.querySelector('#r-table tbody').replaceChildren(...r.rows.map(k => line(label(k), k)), line(t('total'), r.total));
  document.getElementById('r-status').textContent = r.rows.length + ' · ' + t('queryTime') + ' ' + r.millis + ' ms';

  const data = {
    labels: r.rows.map(label),
    datasets: [
      { type: 'bar', label: t('calls'), data: r.rows.map(k => k.calls), backgroundColor: '#7fa6cc', yAxisID: 'calls' },
      { type: 'line', label: t('within15'), data: r.rows.map(k => k.pctWithin15), borderColor: '#1b7a35', yAxisID: 'pct' },
      { type: 'line', label: t('abandonment'), data: r.rows.map(k => k.abandonPct), borderColor: '#b3261e', yAxisID: 'pct' }
    ]
  };
  const options = {
    responsive: true, maintainAspectRatio: false, animation: false,
    scales: { calls: { position: 'left', beginAtZero: true }, pct: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false } } }
  };
  if (chart) chart.destroy();
  chart = new Chart(document.getElementById('r-chart'), { data, options });
}

function renderStaffing() {
  const box = document.getElementById('staffing');
  if (!lastStaffing) return;
  box.replaceChildren(...lastStaffing.map(c => {
    const byKey = {};
    c.hours.forEach(h => { byKey[h.dow + ':' + h.hour] = h; });
    const hours = [...Array(24).keys()];
    return el('div', { 'data-central': c.central },
      el('h3', {}, Supervisor.name('central', c.central) + ' — ' + c.loggedInNow + ' ' + t('loggedIn') + ', '
        + t('handle') + ' ' + Supervisor.seconds(c.handleSeconds)),
      el('table', { class: 'staffing' },
        el('tr', {}, el('th', {}, ''), ...hours.map(h => el('th', {}, String(h)))),
        ...[1, 2, 3, 4, 5, 6, 7].map(d => el('tr', {}, el('th', {}, t('dow' + d)),
          ...hours.map(h => { const x = byKey[d + ':' + h]; return el('td', { title: x.callsPerHour + ' / h' }, x.needed ? String(x.needed) : '·'); })))));
  }));
}

async function show(event) {
  if (event) event.preventDefault();
  document.getElementById('r-error').textContent = '';
  document.getElementById('r-csv').href = '/api/reports.csv?' + query();
  try {
    lastReport = await Api.get('/api/reports?' + query());
    renderReport();
  } catch (e) {
    document.getElementById('r-error').textContent = e.status === 401 || e.status === 403 ? t('supervisorsOnly') : e.message;
  }
}

document.addEventListener('DOMContentLoaded', async () => {
  const today = new Date();
  const weekAgo = new Date(today.getTime() - 6 * 86400000);
  document.getElementById('r-from').value = isoDay(weekAgo);
  document.getElementById('r-to').value = isoDay(today);
  fillDimensions();
  document.getElementById('report-form').addEventListener('submit', show);
  try { await Supervisor.loadNames(); } catch (e) { /* codes are shown instead of names */ }
  await show();
  try { lastStaffing = await Api.get('/api/staffing'); renderStaffing(); } catch (e) { /* shown by the report's error */ }
});
document.addEventListener('cu:lang', () => { fillDimensions(); renderReport(); renderStaffing(); });
