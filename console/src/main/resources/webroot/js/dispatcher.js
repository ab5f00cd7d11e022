// The call-taking desk: live queue (priority, then time since arrival) and screen pop over the WebSocket, the
// current call in words, incident editor (district by a click on the map), transfer, link, prank mark with a
// confirmation, abandoned calls with call-back, map. Every code on screen goes through words.js.
(() => {
  const $ = id => document.getElementById(id);
  let me = null, pop = null, socket = null, lastQueue = [], lastDispatchers = [], seen = null, alertTimer = null;
  let reference = { types: [], transferTargets: [], districts: [], agencies: [], targets: [] };
  const districtName = code => code ? ((reference.districts.find(d => d.code === code) || {}).name || WORDS[lang()].unknown) : t('noDistrict');
  const typeName = code => {
    const type = reference.types.find(x => x.code === code);
    return type ? (lang() === 'en' ? type.nameEn : type.nameEs) : WORDS[lang()].unknown;
  };
  const agencyName = code => code ? ((reference.agencies.find(a => a.code === code) || {}).name || WORDS[lang()].unknown) : '—';
  const targetName = code => (reference.targets.find(x => x.code === code) || {}).agency || WORDS[lang()].unknown;
  const typePriority = code => (reference.types.find(x => x.code === code) || {}).priority || 3;
  const priorityOf = c => c.priority || typePriority(c.type);

  function fail(target, e) {
    target.className = 'error';
    target.textContent = problem(e);
    target.title = e && e.message ? e.message : '';
  }

  function ok(target, text) {
    target.className = 'ok';
    target.textContent = text;
    target.title = '';
  }

  document.addEventListener('DOMContentLoaded', async () => {
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', async () => { await Api.logout(); location.reload(); });
    $('incident-form').addEventListener('submit', saveIncident);
    // Fields the dispatcher typed in since the pop: a late incident (popUpdate) fills only the others.
    $('incident-form').addEventListener('input', e => { if (e.target.id) e.target.dataset.touched = '1'; });
    $('prank-button').addEventListener('click', askPrank);
    $('transfer-button').addEventListener('click', transfer);
    $('link-button').addEventListener('click', linkToIncident);
    $('link-incident').addEventListener('change', () => { $('link-button').disabled = !$('link-incident').value; });
    document.addEventListener('cu:lang', () => {
      // Messages written in the other language go: nothing stays half-translated.
      $('new-call-alert').hidden = true;
      ['inc-result', 'action-result', 'callback-result'].forEach(id => { $(id).textContent = ''; });
      fillForms();
      showWho();
      renderQueue(lastQueue);
      renderDispatchers(lastDispatchers);
      // On the sign-in page nobody may read the list yet: its 401 would greet the user as "session ended".
      if (me) loadAbandoned();
      if (pop) renderPop(pop, true);
    });
    me = await Api.me();
    if (me) start(); else $('login-view').hidden = false;
  });

  async function login(event) {
    event.preventDefault();
    $('login-error').textContent = '';
    try {
      me = await Api.login($('username').value, $('password').value);
      $('login-view').hidden = true;
      start();
    } catch (e) {
      $('login-error').textContent = e.status === 401 ? t('wrongLogin') : problem(e);
    }
  }

  function showWho() {
    if (me) $('who').textContent = me.displayName + ' · ' + word('role', me.role) + (me.agencyCode ? ' · ' + agencyName(me.agencyCode) : '');
  }

  async function start() {
    $('app-view').hidden = false;
    $('logout').hidden = false;
    $('incidents-link').hidden = false;
    $('admin-link').hidden = me.role !== 'ADMIN';
    $('supervision-link').hidden = me.role === 'DISPATCHER';
    // A district dispatcher sees one central: the column would repeat it on every row.
    document.body.classList.toggle('one-central', me.role === 'DISPATCHER');
    reference = await Api.get('/api/reference');
    showWho();
    fillForms();
    CuMap.init($('map'), $('map-area')).then(async () => {
      // A click on the map sets the incident's location and its district (the dispatcher saves with the form).
      CuMap.onPick((lat, lon) => {
        if (!pop) return;
        $('inc-lat').value = lat;
        $('inc-lon').value = lon;
        const district = CuMap.districtAt(lat, lon);
        if (district && [...$('inc-district').options].some(o => o.value === district)) $('inc-district').value = district;
        ok($('inc-result'), t('mapPicked').replace('{district}', district ? districtName(district) : t('outsideDistricts')));
        CuMap.showCall(district || (pop.incident || {}).district || pop.live.district, lat, lon, pop.live.callerNumber);
      });
      CuMap.setButtons(await Api.get('/api/panic-buttons'));
      loadMapIncidents();
    });
    connect();
    loadAbandoned();
    setInterval(loadAbandoned, 30000);
    setInterval(loadMapIncidents, 30000);
  }

  async function loadMapIncidents() {
    try {
      const open = await Api.get('/api/incidents?open=true&limit=300');
      CuMap.setIncidents(open.filter(i => i.latitude != null && i.longitude != null).map(i => ({
        id: i.id, latitude: i.latitude, longitude: i.longitude,
        label: '#' + i.id + ' ' + typeName(i.type) + ' — ' + (i.address || districtName(i.district)) })),
        // Another tab: leaving the desk mid-call would hide the screen pop.
        id => { window.open('incidents.html#' + id, '_blank', 'noopener'); });
    } catch (e) {
      // The map keeps what it had; the next refresh retries.
    }
  }

  function fillForms() {
    const keep = id => $(id).value;
    const type = keep('inc-type'), prio = keep('inc-priority'), status = keep('inc-status'), district = keep('inc-district');
    $('inc-type').replaceChildren(...reference.types.map(x => el('option', { value: x.code }, typeName(x.code))));
    $('inc-priority').replaceChildren(...[1, 2, 3, 4, 5].map(n => el('option', { value: n }, t('p' + n))));
    $('inc-status').replaceChildren(...['NEW', 'DISPATCHED', 'ON_SCENE', 'CLOSED'].map(s => el('option', { value: s }, word('status', s))));
    $('inc-district').replaceChildren(el('option', { value: '' }, t('noDistrict')),
      ...reference.districts.map(d => el('option', { value: d.code }, d.name)));
    $('transfer-target').replaceChildren(...reference.transferTargets.map(x => el('option', { value: x.code }, x.agency)));
    if (type) $('inc-type').value = type;
    if (prio) $('inc-priority').value = prio;
    if (status) $('inc-status').value = status;
    $('inc-district').value = district || '';
  }

  function connect() {
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live');
    socket.onmessage = event => {
      const m = JSON.parse(event.data);
      if (m.type === 'queue') { renderQueue(m.calls); renderDispatchers(m.dispatchers || []); }
      if (m.type === 'pop') { pop = m.pop; renderPop(pop, false); }
      // The same call's records reached PostgreSQL after the pop: show its incident, keep what was typed.
      if (m.type === 'popUpdate' && pop && pop.live.uniqueid === m.pop.live.uniqueid) { pop = m.pop; renderPop(pop, 'update'); }
      if (m.type === 'popEnded' && pop && pop.live.uniqueid === m.uniqueid) $('pop-ended').hidden = false;
    };
    socket.onopen = () => { $('link-state').textContent = '●'; $('link-state').title = t('linkUp'); };
    socket.onclose = event => {
      $('link-state').textContent = '○';
      $('link-state').title = t('linkDown');
      if (event.code === 4401) location.reload(); else setTimeout(connect, 2000);
    };
  }

  function renderQueue(calls) {
    lastQueue = calls;
    const sorted = [...calls].sort((a, b) => priorityOf(a) - priorityOf(b) || (b.sinceArrivalSeconds || 0) - (a.sinceArrivalSeconds || 0));
    const fresh = seen ? sorted.filter(c => !seen.has(c.uniqueid)) : [];
    seen = new Set(sorted.map(c => c.uniqueid));
    const rows = sorted.map(c => {
      const p = priorityOf(c);
      const tr = el('tr', { 'data-uniqueid': c.uniqueid, 'data-priority': p },
        el('td', {}, el('span', { class: 'prio p' + p, title: t('priorityN').replace('{n}', p) }, p)),
        el('td', {}, typeName(c.type), c.panic ? el('span', { class: 'flag' }, t('panic')) : '',
          c.silent ? el('span', { class: 'flag silent' }, t('silent')) : ''),
        el('td', {}, districtName(c.district)), el('td', { class: 'c-agency' }, agencyName(c.agency)),
        el('td', {}, c.language ? word('lang', c.language) : '—'),
        el('td', {}, duration(c.sinceArrivalSeconds != null ? c.sinceArrivalSeconds : c.waitSeconds)), el('td', {}, word('state', c.state)));
      if (c.panic) tr.classList.add('panic');
      if (c.silent) tr.classList.add('silent');
      if (c.state === 'CONNECTED') tr.classList.add('connected');
      if (fresh.includes(c)) tr.classList.add('fresh');
      return tr;
    });
    $('queue').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colSpan: 7, class: 'muted' }, t('noCalls')))]));
    if (fresh.length) newCallAlert(fresh[0], fresh.length);
  }

  function newCallAlert(call, count) {
    const alert = $('new-call-alert');
    alert.textContent = t('newCall') + ': ' + typeName(call.type) + ' — ' + districtName(call.district)
      + (call.panic ? ' — ' + t('panic') : '') + (count > 1 ? ' (+' + (count - 1) + ')' : '');
    alert.hidden = false;
    clearTimeout(alertTimer);
    alertTimer = setTimeout(() => { alert.hidden = true; }, 8000);
  }

  function renderDispatchers(list) {
    lastDispatchers = list;
    const count = f => list.filter(f).length;
    $('dispatchers-summary').textContent = count(d => d.loggedIn && !d.paused && !d.busy) + ' ' + t('free') + ' · '
      + count(d => d.loggedIn && d.busy) + ' ' + t('busyN') + ' · ' + count(d => d.loggedIn && d.paused && !d.busy) + ' ' + t('pausedN');
    $('dispatchers').replaceChildren(...list.filter(d => d.loggedIn).map(d => el('li', {}, (d.name || d.iface) + ' — '
      + agencyName(agencyOfQueue(d.queue)) + ': ' + (d.paused ? t('paused') : d.busy ? t('busy') : t('free')))));
  }

  function agencyOfQueue(queue) {
    const hit = lastQueue.find(c => c.queue === queue && c.agency);
    return hit ? hit.agency : null;
  }

  function ivrSteps(timeline) {
    const menu = m => word('menu', m);
    return (timeline || []).filter(e => ['DIGIT', 'INPUT_TIMEOUT', 'INVALID_INPUT', 'LANGUAGE_CHOSEN', 'TRIAGED', 'FALLBACK'].includes(e.type))
      .map(e => {
        const d = e.data || {};
        let text;
        if (e.type === 'DIGIT') {
          const chosen = d.menu === 'type' ? reference.types.find(x => String(x.menuDigit) === String(d.digit)) : null;
          text = phrase('ivr.DIGIT', { digit: d.digit, menu: menu(d.menu) }) + (chosen ? ' (' + typeName(chosen.code) + ')' : '');
        } else if (e.type === 'TRIAGED') {
          text = phrase('ivr.TRIAGED', { type: typeName(d.type), district: districtName(d.district), districtSource: word('source', d.districtSource) });
        } else if (e.type === 'LANGUAGE_CHOSEN') {
          text = phrase('ivr.LANGUAGE_CHOSEN', { language: word('lang', d.language) });
        } else {
          text = phrase('ivr.' + e.type, { menu: menu(d.menu), attempt: d.attempt, input: d.input });
        }
        return el('li', {}, when(e.at) + ' — ' + text);
      });
  }

  function routeText(route) {
    if (!route) return WORDS[lang()].unknown;
    if (String(route.ruleId) === '0' || !route.ruleName || route.ruleName === '(none)') return phrase('route.none', {});
    // Adjacent steps of one agency (its queue, then its trunk) read as one.
    const targets = (route.targets || '').split(',').filter(Boolean).map(targetName)
      .filter((name, i, all) => i === 0 || all[i - 1] !== name).join(' → ');
    let text = phrase('route.rule', { rule: route.ruleName, priority: route.priority }) + ' ' + phrase('route.targets', { targets });
    const skipped = (route.skipped || '').split('; ').filter(Boolean).map(s => {
      const [code, reason] = s.split(/: (.*)/s);
      const why = reason === 'disabled' ? 'skip.disabled' : (reason || '').startsWith('down') ? 'skip.down' : 'skip.dup';
      return targetName(code) + ' (' + phrase(why, {}) + ')';
    });
    if (skipped.length) text += ' ' + phrase('route.skipped', { skipped: skipped.join(', ') });
    return text;
  }

  function renderPop(p, keepForm) {
    $('no-pop').hidden = true;
    $('pop').hidden = false;
    if (!keepForm) $('pop-ended').hidden = true;
    const live = p.live, call = p.call || {}, incident = p.incident || {};
    $('pop-flags').replaceChildren(live.panic ? el('span', { class: 'flag' }, t('panic')) : '',
      live.silent ? el('span', { class: 'flag silent' }, t('silent')) : '');
    const district = incident.district || call.district || live.district;
    const facts = [[t('caller'), live.callerNumber || WORDS[lang()].unknown], [t('type'), typeName(incident.type || live.type)],
      [t('district'), districtName(district) + (call.districtSource ? ' — ' + t('districtFrom') + ' ' + word('source', call.districtSource) : '')],
      [t('class'), word('class', live.callerClass)], [t('language'), word('lang', live.language)]];
    const lat = incident.latitude != null ? incident.latitude : (p.panicButton ? p.panicButton.latitude : null);
    const lon = incident.longitude != null ? incident.longitude : (p.panicButton ? p.panicButton.longitude : null);
    facts.push([t('location'), (incident.address || (p.panicButton ? p.panicButton.address : '') || '—')
      + (lat != null ? ' (' + Number(lat).toFixed(5) + ', ' + Number(lon).toFixed(5) + ')' : '')]);
    if (p.panicButton) {
      facts.push([t('panicButton'), p.panicButton.deviceId + ' — ' + p.panicButton.address]);
      facts.push([t('camera'), p.panicButton.cameraId || '—']);
    }
    $('pop-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    const steps = ivrSteps(p.timeline);
    $('pop-ivr').replaceChildren(...(steps.length ? steps : [el('li', { class: 'muted' }, t('noIvr'))]));
    $('pop-route').textContent = routeText(p.route);
    $('pop-incident-id').textContent = incident.id || '—';
    if (incident.id && $('pop-narrative').dataset.incidentId !== String(incident.id)) {
      $('pop-narrative').dataset.incidentId = incident.id;
      Narrative.mount($('pop-narrative'), incident.id);
    } else if (!incident.id) {
      delete $('pop-narrative').dataset.incidentId;
      $('pop-narrative').replaceChildren();
    } else if (keepForm) {
      Narrative.mount($('pop-narrative'), incident.id);
    }
    if (!keepForm || keepForm === 'update') {
      // A new pop fills every field; an update (keepForm 'update') only those the dispatcher has not typed in.
      const set = (id, value) => {
        if (keepForm === 'update' && $(id).dataset.touched) return;
        if (!keepForm) delete $(id).dataset.touched;
        $(id).value = value;
      };
      set('inc-type', incident.type || live.type);
      set('inc-priority', incident.priority || typePriority(live.type));
      set('inc-status', incident.status || 'NEW');
      set('inc-district', district || '');
      set('inc-address', incident.address || (p.panicButton ? p.panicButton.address : ''));
      set('inc-lat', lat != null ? lat : '');
      set('inc-lon', lon != null ? lon : '');
      set('inc-notes', incident.notes || '');
    }
    if (!keepForm) {
      $('inc-result').textContent = '';
      $('action-result').textContent = '';
    }
    $('prank-button').disabled = !call.id || call.prank;
    const history = p.history || { calls: [], prankMarks: [] };
    $('pop-history').replaceChildren(
      el('li', {}, history.calls.length + ' ' + t('earlierCalls') + ', ' + history.prankMarks.length + ' ' + t('prankMarks')),
      ...history.calls.slice(0, 5).map(c => el('li', {}, when(c.arrivedAt) + ' — ' + typeName(c.type)
        + ' — ' + word('outcome', c.outcome) + (c.prank ? ' — ' + t('marked') : ''))));
    loadOpenIncidents(incident.id);
    CuMap.showCall(district, $('inc-lat').value || null, $('inc-lon').value || null, live.callerNumber);
  }

  async function saveIncident(event) {
    event.preventDefault();
    const id = pop && pop.incident && pop.incident.id;
    if (!id) return;
    // Text that is not a number goes as typed: the server answers which field is wrong instead of clearing it.
    const number = v => { if (v.trim() === '') return null; const n = Number(v.trim().replace(',', '.')); return Number.isFinite(n) ? n : v; };
    const patch = { type: $('inc-type').value, priority: Number($('inc-priority').value), address: $('inc-address').value,
      district: $('inc-district').value || null, latitude: number($('inc-lat').value), longitude: number($('inc-lon').value),
      notes: $('inc-notes').value };
    if ([patch.latitude, patch.longitude].some(v => v != null && Number.isNaN(v))) {
      fail($('inc-result'), { status: 400, message: 'latitude/longitude' });
      return;
    }
    if ($('inc-status').value !== pop.incident.status) patch.status = $('inc-status').value;
    try {
      pop.incident = await Api.patch('/api/incidents/' + id, patch);
      ok($('inc-result'), t('saved'));
      loadMapIncidents();
    } catch (e) {
      fail($('inc-result'), e);
    }
  }

  async function loadOpenIncidents(current) {
    let open = [];
    try {
      open = await Api.get('/api/incidents?open=true&limit=50');
    } catch (e) {
      // Linking waits for the next pop.
    }
    // Nothing preselected: linking a call to the wrong incident is worse than one more click.
    $('link-incident').replaceChildren(el('option', { value: '' }, t('chooseIncident')),
      ...open.filter(i => i.id !== current).map(i => el('option', { value: i.id }, '#' + i.id + ' · ' + typeName(i.type) + ' · '
        + districtName(i.district) + (i.address ? ' · ' + i.address : '') + ' · ' + when(i.createdAt))));
    $('link-incident').value = '';
    $('link-button').disabled = true;
  }

  async function linkToIncident() {
    const target = Number($('link-incident').value);
    if (!target || !pop || !pop.call) return;
    try {
      await Api.post('/api/calls/' + pop.call.id + '/incident', { incidentId: target });
      pop.incident = await Api.get('/api/incidents/' + target);
      renderPop(pop, false);
      ok($('action-result'), t('linked') + ' #' + target);
    } catch (e) {
      fail($('action-result'), e);
    }
  }

  function askPrank() {
    const box = el('span', { id: 'prank-confirm', class: 'warn' }, t('confirmPrank').replace('{n}', reference.prankMarks || 2), ' ');
    const yes = el('button', { id: 'prank-confirm-yes', class: 'danger' }, t('yesPrank'));
    const no = el('button', { id: 'prank-confirm-no' }, t('cancel'));
    yes.addEventListener('click', markPrank);
    no.addEventListener('click', () => { $('action-result').textContent = ''; $('prank-button').disabled = false; });
    box.append(yes, ' ', no);
    $('prank-button').disabled = true;
    $('action-result').className = '';
    $('action-result').replaceChildren(box);
  }

  async function markPrank() {
    try {
      await Api.post('/api/calls/' + pop.call.id + '/prank');
      pop.call.prank = true;
      $('prank-button').disabled = true;
      ok($('action-result'), t('marked'));
    } catch (e) {
      $('prank-button').disabled = false;
      fail($('action-result'), e);
    }
  }

  async function transfer() {
    const target = $('transfer-target').value;
    try {
      await Api.post('/api/live/calls/' + encodeURIComponent(pop.live.uniqueid) + '/transfer',
        { target, incidentId: (pop.incident && pop.incident.id) || 0 });
      ok($('action-result'), t('transferred') + ' ' + targetName(target));
      $('action-result').dataset.target = target;
    } catch (e) {
      fail($('action-result'), e);
    }
  }

  async function loadAbandoned() {
    let calls = [];
    try {
      calls = await Api.get('/api/calls/abandoned');
    } catch (e) {
      fail($('callback-result'), e);
      return;
    }
    $('abandoned').replaceChildren(...calls.map(c => {
      const button = el('button', { disabled: c.calledBack }, t('callBack'));
      button.dataset.callId = c.id;
      button.addEventListener('click', async () => {
        try {
          const r = await Api.post('/api/calls/' + c.id + '/callback');
          ok($('callback-result'), t('calling') + ' ' + r.calling);
          button.disabled = true;
        } catch (e) {
          fail($('callback-result'), e);
        }
      });
      return el('tr', { 'data-call-id': c.id }, el('td', {}, c.callerNumber), el('td', {}, typeName(c.type)),
        el('td', {}, c.districtName || t('noDistrict')), el('td', {}, when(c.arrivedAt)), el('td', {}, button));
    }));
  }
})();
