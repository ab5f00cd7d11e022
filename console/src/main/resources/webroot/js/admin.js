// The administrator's screens: routing rules (edited as JSON, refused changes show the validator's problems),
// dry-run against the live engine, users, panic buttons, audit trail (what changed, field by field). Codes reach
// the screen only inside the JSON editors, where the administrator writes them.
(() => {
  const $ = id => document.getElementById(id);
  let me = null, reference = { types: [], districts: [], agencies: [], targets: [] }, current = null;
  const typeName = code => { const x = reference.types.find(y => y.code === code); return x ? (lang() === 'en' ? x.nameEn : x.nameEs) : (code || word('rule', 'any')); };
  const districtName = code => code ? ((reference.districts.find(d => d.code === code) || {}).name || code) : '—';
  const agencyName = code => code ? ((reference.agencies.find(a => a.code === code) || {}).name || code) : '—';
  const targetName = code => (reference.targets.find(x => x.code === code) || {}).agency || code;

  document.addEventListener('DOMContentLoaded', async () => {
    me = await Api.me();
    if (!me) { location.href = './'; return; }
    document.querySelectorAll('.tabs button').forEach(b => b.addEventListener('click', () => show(b)));
    $('new-rule-create').addEventListener('click', createRule);
    $('dryrun-form').addEventListener('submit', dryRun);
    $('user-form').addEventListener('submit', createUser);
    $('new-rule').value = JSON.stringify({ name: 'Nueva regla', emergencyType: 'FIRE', district: '150122', priority: 2,
      enabled: true, targets: [{ target: 'Q-CGBVP', ringTimeoutSeconds: 20 }] }, null, 2);
    reference = await Api.get('/api/reference');
    fillForms();
    document.addEventListener('cu:lang', () => { fillForms(); if (current) show(current); });
    show($('tab-rules'));
  });

  function fillForms() {
    $('who').textContent = me.displayName + ' · ' + word('role', me.role);
    const keep = id => $(id).value;
    const ty = keep('dr-type'), d = keep('dr-district'), c = keep('dr-class'), r = keep('u-role');
    $('dr-type').replaceChildren(...reference.types.map(x => el('option', { value: x.code }, typeName(x.code))));
    $('dr-district').replaceChildren(...reference.districts.map(x => el('option', { value: x.code }, x.name)));
    $('dr-class').replaceChildren(...['NORMAL', 'PANIC', 'SILENT', 'FLAGGED'].map(x => el('option', { value: x }, word('class', x))));
    $('u-role').replaceChildren(...['DISPATCHER', 'SUPERVISOR', 'ADMIN'].map(x => el('option', { value: x }, word('role', x))));
    if (ty) $('dr-type').value = ty;
    if (d) $('dr-district').value = d;
    if (c) $('dr-class').value = c;
    if (r) $('u-role').value = r;
  }

  function show(button) {
    current = button;
    document.querySelectorAll('.tabs button').forEach(b => b.setAttribute('aria-selected', String(b === button)));
    document.querySelectorAll('.panel').forEach(p => { p.hidden = p.id !== button.dataset.panel; });
    ({ 'rules-panel': loadRules, 'users-panel': loadUsers, 'panic-panel': loadPanic, 'audit-panel': loadAudit }[button.dataset.panel] || (() => {}))();
  }

  function problems(list, target) {
    target.replaceChildren(...(list || []).map(p => el('li', { class: p.severity }, word('severity', p.severity) + ': ' + p.message)));
  }

  function schedule(rule) {
    const days = rule.days ? rule.days.map(d => word('day', d)).join(', ') : word('sched', 'everyDay');
    if (!rule.days && !rule.from) return word('sched', 'always');
    return days + (rule.from ? ' ' + rule.from + '–' + rule.to : '');
  }

  async function loadRules() {
    const data = await Api.get('/api/admin/rules');
    $('rules-version').textContent = t('version') + ' ' + data.version;
    problems(data.warnings, $('rules-warnings'));
    $('rules').replaceChildren(...data.rules.map(rule => {
      const editable = Object.assign({}, rule);
      delete editable.id;
      delete editable.schedule;
      const editor = el('textarea', { class: 'rule-editor', rows: 10, 'data-rule-id': rule.id });
      editor.value = JSON.stringify(editable, null, 2);
      const list = el('ul', { class: 'problems rule-problems' });
      const save = el('button', { class: 'rule-save', 'data-rule-id': rule.id }, t('save'));
      const status = el('span', { class: 'rule-status' });
      save.addEventListener('click', async () => {
        let body;
        try {
          body = JSON.parse(editor.value);
        } catch (e) {
          status.className = 'error rule-status';
          status.textContent = t('refused') + ': JSON';
          return;
        }
        try {
          const change = await Api.put('/api/admin/rules/' + rule.id, body);
          problems(change.warnings, list);
          status.className = 'ok rule-status';
          status.textContent = t('saved') + ' (' + t('version') + ' ' + change.routingVersion + ')';
          loadRules();
        } catch (e) {
          status.className = 'error rule-status';
          status.textContent = t('refused') + ': ' + problem(e);
          status.title = e.message;
          problems(e.body.problems, list);
        }
      });
      const summary = [typeName(rule.emergencyType), rule.district ? districtName(rule.district) : (rule.jurisdiction || word('rule', 'any')),
        rule.callerClass ? word('class', rule.callerClass) : null, schedule(rule), t('priorityN').replace('{n}', rule.priority)]
        .filter(Boolean).join(' · ') + (rule.enabled ? '' : ' · ' + word('rule', 'off'));
      return el('div', { class: 'rule', 'data-rule-id': rule.id },
        el('h3', {}, '#' + rule.id + ' ' + rule.name), el('p', { class: 'muted small' }, summary), editor, save, status, list);
    }));
  }

  async function createRule() {
    let body;
    try {
      body = JSON.parse($('new-rule').value);
    } catch (e) {
      problems([{ severity: 'ERROR', message: 'JSON: ' + e.message }], $('new-rule-problems'));
      return;
    }
    try {
      const change = await Api.post('/api/admin/rules', body);
      problems(change.warnings, $('new-rule-problems'));
      loadRules();
    } catch (e) {
      problems(e.body.problems || [{ severity: 'ERROR', message: problem(e) }], $('new-rule-problems'));
    }
  }

  async function dryRun(event) {
    event.preventDefault();
    const body = { type: $('dr-type').value, district: $('dr-district').value, callerClass: $('dr-class').value };
    if ($('dr-at').value) body.at = $('dr-at').value;
    try {
      const d = await Api.post('/api/admin/rules/dry-run', body);
      $('dr-result').replaceChildren(
        el('p', {}, el('strong', {}, d.ruleId ? t('decidedBy') + ' #' + d.ruleId + ' «' + d.ruleName + '»' : phrase('route.none', {})),
          ' — ' + t('priorityN').replace('{n}', d.priority) + ' — ' + when(d.at)),
        el('ol', { id: 'dr-steps' }, ...d.steps.map(s => el('li', { 'data-target': s.target },
          targetName(s.target) + ' — ' + word('kind', s.kind) + ' ' + s.asteriskTarget + ', ' + t('ringFor') + ' ' + s.ringTimeoutSeconds + ' s'))),
        d.skipped.length ? el('p', {}, phrase('route.skipped', { skipped: d.skipped.map(s => targetName(s.target)).join(', ') })) : '',
        el('details', {}, el('summary', {}, t('technical')), el('p', { class: 'muted small', lang: 'en' }, d.explanation)));
    } catch (e) {
      $('dr-result').replaceChildren(el('p', { class: 'error', title: e.message }, problem(e)));
    }
  }

  async function loadUsers() {
    const users = await Api.get('/api/admin/users');
    $('users').replaceChildren(...users.map(u => el('tr', {}, el('td', {}, u.username), el('td', {}, u.displayName),
      el('td', {}, word('role', u.role)), el('td', {}, agencyName(u.agencyCode)), el('td', {}, u.phoneInterface || '—'), el('td', {}, u.active ? '✓' : '✗'))));
  }

  async function createUser(event) {
    event.preventDefault();
    const body = { username: $('u-username').value, displayName: $('u-name').value, password: $('u-password').value,
      role: $('u-role').value, agencyCode: $('u-agency').value || null, phoneInterface: $('u-phone').value || null };
    try {
      await Api.post('/api/admin/users', body);
      $('user-result').className = 'ok';
      $('user-result').textContent = t('saved');
      $('user-form').reset();
      loadUsers();
    } catch (e) {
      $('user-result').className = 'error';
      $('user-result').textContent = problem(e);
      $('user-result').title = e.message;
    }
  }

  async function loadPanic() {
    const list = await Api.get('/api/admin/panic-buttons');
    $('panic').replaceChildren(...list.map(b => el('tr', {}, el('td', {}, b.deviceId), el('td', {}, b.address),
      el('td', {}, districtName(b.district)), el('td', {}, b.cameraId || '—'), el('td', {}, b.active === false ? '✗' : '✓'))));
  }

  /** One field's value for people: codes of known kinds in words, the rest as written (whole, never cut). */
  function value(key, v) {
    if (v == null || v === '') return '—';
    if (key === 'status') return word('status', v);
    if (key === 'callerClass') return word('class', v);
    if (key === 'role') return word('role', v);
    if (key === 'outcome') return word('outcome', v);
    if (key === 'type' || key === 'emergencyType') return typeName(v);
    if (key === 'district' && /^\d{6}$/.test(v)) return districtName(v);
    if ((key === 'at' || /At$/.test(key)) && typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) return when(v);
    if (key === 'agencyCode' || key === 'agency') return agencyName(v);
    if (key === 'kind') return WORDS[lang()]['note.' + v] || WORDS[lang()]['kind.' + v] || (v === 'NOTE' ? t('narrative') : v);
    if (v === true || v === false) return v ? '✓' : '✗';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  /** A field's name in the reader's language where the console has one. */
  function label(key) {
    const known = { status: 'status', address: 'address', priority: 'priority', type: 'type', district: 'district', notes: 'notes',
      latitude: 'latitude', longitude: 'longitude', role: 'role', agencyCode: 'agency', phoneInterface: 'phone', displayName: 'displayName',
      username: 'username', active: 'active', author: 'actor', at: 'when', callerNumber: 'caller', reason: 'reason', text: 'narrative',
      createdAt: 'created', closedAt: 'closedAt', removedBy: 'removedBy', markedBy: 'markedBy', kind: 'type', name: 'displayName' };
    return known[key] ? t(known[key]) : key;
  }

  /** Before/after as the fields that changed ("address: — → Av. Larco 1150"), or every field of a creation. */
  function changes(before, after) {
    const keys = [...new Set([...Object.keys(before || {}), ...Object.keys(after || {})])].filter(k => k !== 'updatedAt' && k !== 'callList');
    const changed = keys.filter(k => JSON.stringify((before || {})[k]) !== JSON.stringify((after || {})[k]));
    if (!changed.length) return el('span', { class: 'muted' }, t('noChange'));
    return el('ul', { class: 'changes' }, ...changed.map(k => el('li', {}, el('strong', {}, label(k) + ': '),
      before ? value(k, before[k]) + ' → ' : '', after ? value(k, after[k]) : '—')));
  }

  async function loadAudit() {
    const rows = await Api.get('/api/admin/audit?limit=100');
    $('audit').replaceChildren(...rows.map(a => el('tr', {}, el('td', {}, when(a.at)),
      el('td', {}, a.actor), el('td', {}, word('action', a.action)), el('td', {}, word('entity', a.entity) + (a.entityId ? ' ' + a.entityId : '')),
      el('td', {}, changes(a.before, a.after)))));
  }
})();
