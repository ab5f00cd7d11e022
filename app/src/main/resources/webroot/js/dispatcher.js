// The dispatcher's screen: live queue and screen pop over the WebSocket, incident editor, prank mark,
// transfer, abandoned calls with call-back, map.
(() => {
  const $ = id => document.getElementById(id);
  let me = null, reference = { types: [], transferTargets: [], districts: [] }, pop = null, socket = null;
  const districtName = code => (reference.districts.find(d => d.code === code) || {}).name || code || '—';
  const typeName = code => {
    const type = reference.types.find(x => x.code === code);
    return type ? (lang() === 'en' ? type.nameEn : type.nameEs) : (code || '—');
  };

  document.addEventListener('DOMContentLoaded', async () => {
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', async () => { await Api.logout(); location.reload(); });
    $('incident-form').addEventListener('submit', saveIncident);
    $('prank-button').addEventListener('click', markPrank);
    $('transfer-button').addEventListener('click', transfer);
    $('link-button').addEventListener('click', linkToIncident);
    document.addEventListener('cu:lang', () => { fillForms(); if (pop) renderPop(pop); });
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
      $('login-error').textContent = e.status === 401 ? t('wrongLogin') : e.status === 429 ? t('tooMany') : e.message;
    }
  }

  async function start() {
    $('app-view').hidden = false;
    $('logout').hidden = false;
    $('admin-link').hidden = me.role !== 'ADMIN';
    $('who').textContent = me.displayName + ' · ' + me.role + (me.agencyCode ? ' · ' + me.agencyCode : '');
    reference = await Api.get('/api/reference');
    fillForms();
    CuMap.init($('map'), $('map-area')).then(async () => {
      // A click on the map sets the incident's location (the dispatcher saves it with the form).
      CuMap.onPick((lat, lon) => {
        if ($('pop').hidden) return;
        $('inc-lat').value = lat;
        $('inc-lon').value = lon;
        CuMap.showCall(pop.incident ? pop.incident.district : pop.live.district, lat, lon, pop.live.callerNumber);
      });
      CuMap.setButtons(await Api.get('/api/panic-buttons'));
    });
    connect();
    loadAbandoned();
    setInterval(loadAbandoned, 30000);
  }

  function fillForms() {
    $('inc-type').replaceChildren(...reference.types.map(x => el('option', { value: x.code }, typeName(x.code))));
    $('transfer-target').replaceChildren(...reference.transferTargets.map(x => el('option', { value: x.code }, x.code + ' — ' + x.agency)));
  }

  function connect() {
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live');
    socket.onmessage = event => {
      const m = JSON.parse(event.data);
      if (m.type === 'queue') { renderQueue(m.calls); renderDispatchers(m.dispatchers || []); }
      if (m.type === 'pop') { pop = m.pop; renderPop(pop); }
      if (m.type === 'popEnded' && pop && pop.live.uniqueid === m.uniqueid) $('pop-ended').hidden = false;
    };
    socket.onopen = () => { $('link-state').textContent = '●'; };
    socket.onclose = event => {
      $('link-state').textContent = '○';
      if (event.code === 4401) location.reload(); else setTimeout(connect, 2000);
    };
  }

  function renderQueue(calls) {
    const rows = calls.map(c => {
      const tr = el('tr', { 'data-uniqueid': c.uniqueid },
        el('td', {}, typeName(c.type)), el('td', {}, districtName(c.district)),
        el('td', {}, c.callerClass, c.panic ? el('span', { class: 'flag' }, t('panic')) : '',
          c.silent ? el('span', { class: 'flag silent' }, t('silent')) : ''),
        el('td', {}, c.waitSeconds + ' ' + t('seconds')), el('td', {}, c.state));
      if (c.panic) tr.classList.add('panic');
      if (c.silent) tr.classList.add('silent');
      if (c.state === 'CONNECTED') tr.classList.add('connected');
      return tr;
    });
    $('queue').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colSpan: 5, class: 'muted' }, t('noCalls')))]));
  }

  function renderDispatchers(list) {
    $('dispatchers').replaceChildren(...list.map(d => el('li', {}, d.iface + ' (' + d.queue + '): '
      + (!d.loggedIn ? t('loggedOut') : d.paused ? t('paused') : d.busy ? t('busy') : t('free')))));
  }

  function renderPop(p) {
    $('pop').hidden = false;
    $('pop-ended').hidden = true;
    const live = p.live, call = p.call || {}, incident = p.incident || {};
    $('pop-flags').replaceChildren(live.panic ? el('span', { class: 'flag' }, t('panic')) : '',
      live.silent ? el('span', { class: 'flag silent' }, t('silent')) : '');
    const facts = [[t('caller'), live.callerNumber], [t('type'), typeName(live.type)], [t('district'), districtName(live.district)],
      [t('class'), live.callerClass], [t('language'), live.language || '—']];
    if (call.districtSource) facts.push([t('districtSource'), call.districtSource]);
    const ivr = (p.timeline || []).filter(e => ['DIGIT', 'LANGUAGE_CHOSEN', 'TRIAGED', 'INPUT_TIMEOUT'].includes(e.type))
      .map(e => e.type + (e.data && Object.keys(e.data).length ? ' ' + JSON.stringify(e.data) : ''));
    if (ivr.length) facts.push(['IVR', ivr.join(' · ')]);
    if (p.panicButton) {
      facts.push([t('panicButton'), p.panicButton.deviceId + ' — ' + p.panicButton.address]);
      facts.push([t('camera'), p.panicButton.cameraId || '—']);
    }
    $('pop-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    $('pop-incident-id').textContent = incident.id || '—';
    $('inc-type').value = incident.type || live.type;
    $('inc-priority').value = incident.priority || 3;
    $('inc-status').value = incident.status || 'NEW';
    $('inc-address').value = incident.address || (p.panicButton ? p.panicButton.address : '');
    $('inc-lat').value = incident.latitude != null ? incident.latitude : (p.panicButton ? p.panicButton.latitude : '');
    $('inc-lon').value = incident.longitude != null ? incident.longitude : (p.panicButton ? p.panicButton.longitude : '');
    $('inc-notes').value = incident.notes || '';
    $('inc-result').textContent = '';
    $('action-result').textContent = '';
    $('prank-button').disabled = !call.id || call.prank;
    $('pop-route').textContent = p.route ? (p.route.ruleName + ': ' + p.route.explanation) : '—';
    const history = p.history || { calls: [], prankMarks: [] };
    $('pop-history').replaceChildren(
      el('li', {}, history.calls.length + ' ' + t('earlierCalls') + ', ' + history.prankMarks.length + ' ' + t('prankMarks')),
      ...history.calls.slice(0, 5).map(c => el('li', {}, new Date(c.arrivedAt).toLocaleString(lang()) + ' — ' + typeName(c.type)
        + ' — ' + c.outcome + (c.prank ? ' — ' + t('markPrank') : ''))));
    loadOpenIncidents(incident.id);
    CuMap.showCall(incident.district || live.district, $('inc-lat').value || null, $('inc-lon').value || null, live.callerNumber);
  }

  async function saveIncident(event) {
    event.preventDefault();
    const id = pop && pop.incident && pop.incident.id;
    if (!id) return;
    // Text that is not a number goes as typed: the server answers which field is wrong instead of clearing it.
    const number = v => v.trim() === '' ? null : (Number.isFinite(Number(v)) ? Number(v) : v);
    const patch = { type: $('inc-type').value, priority: Number($('inc-priority').value), address: $('inc-address').value,
      latitude: number($('inc-lat').value), longitude: number($('inc-lon').value), notes: $('inc-notes').value };
    if ($('inc-status').value !== pop.incident.status) patch.status = $('inc-status').value;
    try {
      pop.incident = await Api.patch('/api/incidents/' + id, patch);
      $('inc-result').className = 'ok';
      $('inc-result').textContent = t('saved');
    } catch (e) {
      $('inc-result').className = 'error';
      $('inc-result').textContent = e.message;
    }
  }

  async function loadOpenIncidents(current) {
    const open = await Api.get('/api/incidents?open=true&limit=50');
    $('link-incident').replaceChildren(...open.filter(i => i.id !== current).map(i =>
      el('option', { value: i.id }, '#' + i.id + ' ' + typeName(i.type) + ' — ' + (i.districtName || '') + ' ' + (i.address || ''))));
    $('link-button').disabled = !(pop && pop.call && pop.call.id) || !$('link-incident').value;
  }

  async function linkToIncident() {
    const target = Number($('link-incident').value);
    try {
      await Api.post('/api/calls/' + pop.call.id + '/incident', { incidentId: target });
      pop.incident = await Api.get('/api/incidents/' + target);
      renderPop(pop);
      $('action-result').className = 'ok';
      $('action-result').textContent = t('linked') + ' #' + target;
    } catch (e) {
      $('action-result').className = 'error';
      $('action-result').textContent = e.message;
    }
  }

  async function markPrank() {
    try {
      await Api.post('/api/calls/' + pop.call.id + '/prank');
      $('prank-button').disabled = true;
      $('action-result').className = 'ok';
      $('action-result').textContent = t('marked');
    } catch (e) {
      $('action-result').className = 'error';
      $('action-result').textContent = e.message;
    }
  }

  async function transfer() {
    const target = $('transfer-target').value;
    try {
      await Api.post('/api/live/calls/' + encodeURIComponent(pop.live.uniqueid) + '/transfer',
        { target, incidentId: (pop.incident && pop.incident.id) || 0 });
      $('action-result').className = 'ok';
      $('action-result').textContent = t('transferred') + ' ' + target;
    } catch (e) {
      $('action-result').className = 'error';
      $('action-result').textContent = e.message;
    }
  }

  async function loadAbandoned() {
    const calls = await Api.get('/api/calls/abandoned');
    $('abandoned').replaceChildren(...calls.map(c => {
      const button = el('button', { disabled: c.calledBack }, t('callBack'));
      button.dataset.callId = c.id;
      button.addEventListener('click', async () => {
        try {
          const r = await Api.post('/api/calls/' + c.id + '/callback');
          $('callback-result').textContent = t('calling') + ' ' + r.calling;
          button.disabled = true;
        } catch (e) {
          $('callback-result').textContent = e.message;
        }
      });
      return el('tr', { 'data-call-id': c.id }, el('td', {}, c.callerNumber), el('td', {}, typeName(c.type)),
        el('td', {}, c.districtName || '—'), el('td', {}, new Date(c.arrivedAt).toLocaleTimeString(lang())), el('td', {}, button));
    }));
  }
})();
