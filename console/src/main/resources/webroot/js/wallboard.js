// The wall screen: refreshed every 5 s; each figure's colour turns at its threshold (green / amber / red).
const REFRESH_MS = 5000;
let lastBoard = null;

function figure(key, label, text, value) {
  return el('div', { class: 'figure ' + Supervisor.levelOf(key, value), 'data-figure': key },
    el('div', { class: 'label' }, label), el('div', { class: 'value' }, text));
}

function tile(desk, title, isCity) {
  const k = desk.today;
  return el('section', { class: 'tile' + (isCity ? ' city' : ''), 'data-desk': desk.agency || 'ALL' },
    el('h2', {}, title),
    el('div', { class: 'figures' },
      figure('waiting', t('waiting'), String(desk.waiting), desk.waiting),
      figure('longestWaitSeconds', t('longestWait'), Supervisor.seconds(desk.longestWaitSeconds), desk.waiting ? desk.longestWaitSeconds : null),
      figure('dispatchers', t('dispatchers'), desk.free + ' · ' + desk.busy + ' · ' + desk.paused, null),
      figure('pctWithin15', t('within15'), Supervisor.pct(k.pctWithin15), k.pctWithin15),
      figure('pctWithin20', t('within20'), Supervisor.pct(k.pctWithin20), k.pctWithin20),
      figure('abandonPct', t('abandonment'), Supervisor.pct(k.abandonPct), k.abandonPct),
      figure('ivr', t('ivrTime'), Supervisor.seconds(k.ivrP50) + ' / ' + Supervisor.seconds(k.ivrP90), null),
      figure('improperPct', t('improper'), Supervisor.pct(k.improperPct), k.improperPct),
      figure('calls', t('callsToday'), String(k.calls), null)),
    el('div', { class: 'muted small' }, t('dispatchers') + ': ' + desk.free + ' ' + t('free') + ', ' + desk.busy + ' '
      + t('busy') + ', ' + desk.paused + ' ' + t('paused')));
}

function render() {
  if (!lastBoard) return;
  const wall = document.getElementById('wall');
  wall.replaceChildren(tile(lastBoard.city, t('city'), true),
    ...lastBoard.desks.map(d => tile(d, Supervisor.name('central', d.agency), false)));
  document.getElementById('updated').textContent = new Date(lastBoard.at).toLocaleTimeString(lang() === 'en' ? 'en-US' : 'es-PE');
}

async function refresh() {
  try {
    lastBoard = await Api.get('/api/wallboard');
    document.getElementById('wall-error').textContent = '';
    render();
  } catch (e) {
    document.getElementById('wall-error').textContent = e.status === 401 || e.status === 403 ? t('supervisorsOnly') : e.message;
  }
}

document.addEventListener('DOMContentLoaded', async () => {
  try { await Supervisor.loadNames(); } catch (e) { /* codes are shown instead of names */ }
  await refresh();
  setInterval(refresh, REFRESH_MS);
});
document.addEventListener('cu:lang', render);
