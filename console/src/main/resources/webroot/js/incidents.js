// The incident board: open incidents first (then most urgent, then newest), filters by status, type, district and
// period, search by phone number (the server's) or by text; the incident with its narrative, close/reopen with a
// reason, linked calls; a new incident without a call; supervisors review and remove prank marks.
(() => {
  const $ = id => document.getElementById(id);
  let me = null, reference = { types: [], districts: [] }, rows = [], phoneHits = null, current = null, phoneTimer = null;
  const typeName = code => { const x = reference.types.find(y => y.code === code); return x ? (lang() === 'en' ? x.nameEn : x.nameEs) : word('type', code); };
  const districtName = code => code ? ((reference.districts.find(d => d.code === code) || {}).name || WORDS[lang()].unknown) : t('noDistrict');
  const phoneLike = s => /^[+\d\s()-]{6,}$/.test(s) && s.replace(/\D/g, '').length >= 6;

  function say(target, ok, text, detail) {
    target.className = ok ? 'ok' : 'error';
    target.textContent = text;
    target.title = detail || '';
  }

  document.addEventListener('DOMContentLoaded', async () => {
    me = await Api.me();
    if (!me) { location.href = './'; return; }
    $('who').textContent = me.displayName + ' · ' + word('role', me.role);
    reference = await Api.get('/api/reference');
    fillFilters();
    ['f-status', 'f-type', 'f-district', 'f-period'].forEach(id => $(id).addEventListener('change', load));
    $('f-text').addEventListener('input', () => { clearTimeout(phoneTimer); phoneTimer = setTimeout(searchPhone, 250); render(); });
    $('board-filters').addEventListener('submit', e => e.preventDefault());
    $('new-incident').addEventListener('click', showCreate);
    $('create-form').addEventListener('submit', createIncident);
    $('d-close').addEventListener('click', () => changeStatus('close'));
    $('d-reopen').addEventListener('click', () => changeStatus('reopen'));
    $('prank-review').hidden = me.role === 'DISPATCHER';
    $('prank-form').addEventListener('submit', findMarks);
    document.addEventListener('cu:lang', () => {
      ['d-result', 'n-result', 'pm-result'].forEach(id => { $(id).textContent = ''; });
      fillFilters(); render(); if (current) show(current); if ($('pm-number').value) findMarks();
    });
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
    const n = { type: keep('n-type'), priority: keep('n-priority'), district: keep('n-district') };
    $('n-type').replaceChildren(...reference.types.map(x => el('option', { value: x.code }, typeName(x.code))));
    $('n-priority').replaceChildren(...[1, 2, 3, 4, 5].map(x => el('option', { value: x }, t('p' + x))));
    $('n-district').replaceChildren(...reference.districts.map(x => el('option', { value: x.code }, x.name)));
    $('n-type').value = n.type || 'UNKNOWN';
    $('n-priority').value = n.priority || '3';
    // A Serenazgo dispatcher opens incidents of their own district: start there.
    const own = /^SER-(\d{6})$/.exec(me.agencyCode || '');
    $('n-district').value = n.district || (own ? own[1] : '150101');
  }

  async function load() {
    const q = new URLSearchParams({ limit: '1000' });
    if ($('f-status').value === 'open') q.set('open', 'true'); else if ($('f-status').value) q.set('status', $('f-status').value);
    if ($('f-district').value) q.set('district', $('f-district').value);
    try {
      rows = await Api.get('/api/incidents?' + q);
    } catch (e) {
      say($('board-count'), false, problem(e), e.message);
      return;
    }
    render();
  }

  /** A phone number searches the server: incidents with a call from it, open or closed, whatever the filters. */
  async function searchPhone() {
    const text = $('f-text').value.trim();
    if (!phoneLike(text)) { if (phoneHits) { phoneHits = null; render(); } return; }
    try {
      phoneHits = await Api.get('/api/incident-search?phone=' + encodeURIComponent(text));
    } catch (e) {
      phoneHits = [];
    }
    render();
  }

  function render() {
    const text = $('f-text').value.trim().toLowerCase();
    let shown;
    if (phoneHits && phoneLike(text)) {
      shown = phoneHits;
      $('board-count').textContent = t('shownN').replace('{n}', shown.length) + ' ' + t('phoneHits');
    } else {
      const hours = Number($('f-period').value || 0);
      const since = hours ? Date.now() - hours * 3600_000 : 0;
      shown = rows.filter(i => (!$('f-type').value || i.type === $('f-type').value)
          && (!since || new Date(i.createdAt).getTime() >= since)
          && (!text || [String(i.id), i.address || '', i.notes || '', districtName(i.district)].some(v => v.toLowerCase().includes(text))))
        .sort((a, b) => (a.status === 'CLOSED') - (b.status === 'CLOSED') || a.priority - b.priority
          || new Date(b.createdAt) - new Date(a.createdAt));
      $('board-count').textContent = t('shownN').replace('{n}', shown.length);
    }
    $('board-count').className = 'muted small';
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
      $('d-result').textContent = '';
      $('d-reason').value = '';
      show(current);
    } catch (e) {
      $('detail').hidden = true;
      $('no-detail').hidden = false;
      $('no-detail').textContent = problem(e);
    }
  }

  function show(i) {
    $('no-detail').hidden = true;
    $('create-form').hidden = true;
    $('detail').hidden = false;
    $('d-id').textContent = i.id;
    const facts = [[t('status'), word('status', i.status)], [t('priority'), t('p' + i.priority)], [t('type'), typeName(i.type)],
      [t('district'), districtName(i.district)], [t('address'), i.address || '—'],
      [t('location'), i.latitude != null ? Number(i.latitude).toFixed(5) + ', ' + Number(i.longitude).toFixed(5) : '—'],
      [t('created'), when(i.createdAt)], [t('updated'), when(i.updatedAt)], [t('notes'), i.notes || '—']];
    if (i.closedAt) facts.push([t('closedAt'), when(i.closedAt)]);
    $('d-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    $('d-close').hidden = i.status === 'CLOSED';
    $('d-reopen').hidden = i.status !== 'CLOSED';
    Narrative.mount($('d-narrative'), i.id);
    // Evidence packages are for supervisors (the API answers 403 to dispatchers): no link they could not follow.
    const supervisor = me.role !== 'DISPATCHER';
    $('d-evidence-line').hidden = !supervisor;
    if (supervisor) $('d-evidence').href = '/api/incidents/' + i.id + '/evidence'; else $('d-evidence').removeAttribute('href');
    showUnits(i.units || []);
    $('d-calls').replaceChildren(...(i.callList || []).map(c => showCall(c, supervisor)));
    if (!(i.callList || []).length) $('d-calls').replaceChildren(el('li', { class: 'muted' }, t('noCallsLinked')));
  }

  /** A linked call in words; its recording as a player when the API lets this user hear it (fetched only on play). */
  function showCall(c, supervisor) {
    const li = el('li', { 'data-call-id': c.id }, when(c.arrivedAt) + ' — ' + (c.callerNumber || '—') + ' — '
      + typeName(c.type) + ' — ' + word('outcome', c.outcome) + (c.prank ? ' — ' + t('marked') : ''));
    if (c.recording) {
      // preload="none": every fetch of a recording is recorded as a play, so only a press of play fetches it.
      li.append(el('audio', { class: 'recording', controls: true, preload: 'none', src: '/api/calls/' + c.id + '/recording',
        ariaLabel: t('recording') + ' — ' + (c.callerNumber || '') }));
    }
    if (supervisor) {
      li.append(' ', el('a', { class: 'evidence-link', href: '/api/calls/' + c.id + '/evidence', download: '' }, t('callEvidence')));
    }
    return li;
  }

  /** The agencies' units as last reported, status in words and each status's time. */
  function showUnits(units) {
    const agencyName = code => ((reference.agencies || []).find(a => a.code === code) || {}).name || WORDS[lang()].unknown;
    const times = u => [['dispatched', u.dispatchedAt], ['enRoute', u.enRouteAt], ['onScene', u.onSceneAt], ['cleared', u.clearedAt]]
      .filter(([, at]) => at).map(([k, at]) => el('div', {}, WORDS[lang()]['unitAt.' + k] + ' ' + when(at)));
    $('d-units').replaceChildren(...units.map(u => el('tr', { 'data-unit-id': u.unitId },
      el('td', {}, agencyName(u.agency)), el('td', {}, u.name + (u.type ? ' · ' + u.type : '')),
      el('td', { class: 'unit-status' }, word('unit', u.status)), el('td', {}, ...times(u)))));
    if (!units.length) $('d-units').replaceChildren(el('tr', {}, el('td', { colSpan: 4, class: 'muted' }, t('noUnits'))));
  }

  async function changeStatus(action) {
    const reason = $('d-reason').value.trim();
    if (!reason) { say($('d-result'), false, t('reasonNeeded')); $('d-reason').focus(); return; }
    try {
      await Api.post('/api/incidents/' + current.id + '/' + action, { reason });
      await open(current.id);
      say($('d-result'), true, t(action === 'close' ? 'closed' : 'reopened'));
      load();
      searchPhone();
    } catch (e) {
      say($('d-result'), false, problem(e), e.message);
    }
  }

  function showCreate() {
    $('no-detail').hidden = true;
    $('detail').hidden = true;
    $('create-form').hidden = false;
    $('n-result').textContent = '';
    $('n-address').focus();
  }

  async function createIncident(event) {
    event.preventDefault();
    const body = { type: $('n-type').value, priority: Number($('n-priority').value), district: $('n-district').value,
      address: $('n-address').value || null, notes: $('n-notes').value };
    try {
      const created = await Api.post('/api/incidents', body);
      $('create-form').reset();
      fillFilters();
      await load();
      await open(created.id);
      say($('d-result'), true, t('created2'));
    } catch (e) {
      say($('n-result'), false, problem(e), e.message);
    }
  }

  async function findMarks(event) {
    if (event) event.preventDefault();
    const number = $('pm-number').value.trim();
    if (!number) return;
    let data;
    try {
      data = await Api.get('/api/prank-marks?caller=' + encodeURIComponent(number));
    } catch (e) {
      say($('pm-result'), false, problem(e), e.message);
      return;
    }
    const items = data.marks.map(m => {
      const reason = el('input', { placeholder: t('reason'), class: 'pm-reason' });
      const remove = el('button', { type: 'button', class: 'danger pm-remove', 'data-mark-id': m.id }, t('removeMark'));
      remove.addEventListener('click', async () => {
        if (!reason.value.trim()) { say($('pm-result'), false, t('reasonNeeded')); reason.focus(); return; }
        try {
          await Api.post('/api/prank-marks/' + m.id + '/remove', { reason: reason.value });
          await findMarks();
          say($('pm-result'), true, t('removed'));
        } catch (e) {
          say($('pm-result'), false, problem(e), e.message);
        }
      });
      return el('li', { 'data-mark-id': m.id }, when(m.markedAt) + ' — ' + t('markedBy') + ' ' + m.markedBy + ' — '
        + (m.counting ? t('expires') + ' ' + when(m.expiresAt) : t('expired')), el('div', { class: 'actions' }, reason, remove));
    });
    const gone = data.removed.map(r => el('li', { class: 'muted' }, when(r.markedAt) + ' — ' + t('removedBy') + ' ' + r.removedBy
      + ' (' + when(r.removedAt) + '): ' + r.reason));
    $('pm-marks').replaceChildren(...(items.length || gone.length ? [...items, ...gone] : [el('li', { class: 'muted' }, t('noMarks'))]));
  }
})();
