// The administrator's screens: routing rules (edited as JSON, refused changes show the validator's problems),
// dry-run against the live engine, users, panic buttons, audit trail.
(() => {
  const $ = id => document.getElementById(id);
  let reference = null;

  document.addEventListener('DOMContentLoaded', async () => {
    const me = await Api.me();
    if (!me) { location.href = './'; return; }
    $('who').textContent = me.displayName + ' · ' + me.role;
    document.querySelectorAll('.tabs button').forEach(b => b.addEventListener('click', () => show(b)));
    $('new-rule-create').addEventListener('click', createRule);
    $('dryrun-form').addEventListener('submit', dryRun);
    $('user-form').addEventListener('submit', createUser);
    $('new-rule').value = JSON.stringify({ name: 'Nueva regla', emergencyType: 'FIRE', district: '150122', priority: 2,
      enabled: true, targets: [{ target: 'Q-CGBVP', ringTimeoutSeconds: 20 }] }, null, 2);
    reference = await Api.get('/api/reference');
    $('dr-type').replaceChildren(...reference.types.map(x => el('option', { value: x.code }, x.code)));
    $('dr-district').replaceChildren(...reference.districts.map(d => el('option', { value: d.code }, d.name + ' (' + d.code + ')')));
    show($('tab-rules'));
  });

  function show(button) {
    document.querySelectorAll('.tabs button').forEach(b => b.setAttribute('aria-selected', String(b === button)));
    document.querySelectorAll('.panel').forEach(p => { p.hidden = p.id !== button.dataset.panel; });
    ({ 'rules-panel': loadRules, 'users-panel': loadUsers, 'panic-panel': loadPanic, 'audit-panel': loadAudit }[button.dataset.panel] || (() => {}))();
  }

  function problems(list, target) {
    target.replaceChildren(...(list || []).map(p => el('li', { class: p.severity }, p.severity + ': ' + p.message)));
  }

  async function loadRules() {
    const data = await Api.get('/api/admin/rules');
    $('rules-version').textContent = 'v' + data.version;
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
        try {
          const change = await Api.put('/api/admin/rules/' + rule.id, JSON.parse(editor.value));
          problems(change.warnings, list);
          status.className = 'ok rule-status';
          status.textContent = t('saved') + ' (v' + change.routingVersion + ')';
          loadRules();
        } catch (e) {
          status.className = 'error rule-status';
          status.textContent = t('refused') + ': ' + e.message;
          problems(e.body.problems, list);
        }
      });
      return el('div', { class: 'rule', 'data-rule-id': rule.id },
        el('h3', {}, '#' + rule.id + ' ' + rule.name + ' — ' + rule.schedule + (rule.enabled ? '' : ' (off)')), editor, save, status, list);
    }));
  }

  async function createRule() {
    try {
      JSON.parse($('new-rule').value);
    } catch (e) {
      problems([{ severity: 'ERROR', message: e.message }], $('new-rule-problems'));
      return;
    }
    try {
      const change = await Api.post('/api/admin/rules', JSON.parse($('new-rule').value));
      problems(change.warnings, $('new-rule-problems'));
      loadRules();
    } catch (e) {
      problems(e.body.problems || [{ severity: 'ERROR', message: e.message }], $('new-rule-problems'));
    }
  }

  async function dryRun(event) {
    event.preventDefault();
    const body = { type: $('dr-type').value, district: $('dr-district').value, callerClass: $('dr-class').value };
    if ($('dr-at').value) body.at = $('dr-at').value;
    try {
      const d = await Api.post('/api/admin/rules/dry-run', body);
      $('dr-result').replaceChildren(
        el('p', {}, el('strong', {}, '#' + d.ruleId + ' ' + d.ruleName), ' — P' + d.priority + ' — ' + d.at),
        el('ol', { id: 'dr-steps' }, ...d.steps.map(s => el('li', { 'data-target': s.target }, s.target + ' (' + s.kind + ' ' + s.asteriskTarget + ', ' + s.ringTimeoutSeconds + ' s)'))),
        el('p', { class: 'muted' }, t('explanation') + ': ' + d.explanation));
    } catch (e) {
      $('dr-result').replaceChildren(el('p', { class: 'error' }, e.message));
    }
  }

  async function loadUsers() {
    const users = await Api.get('/api/admin/users');
    $('users').replaceChildren(...users.map(u => el('tr', {}, el('td', {}, u.username), el('td', {}, u.displayName),
      el('td', {}, u.role), el('td', {}, u.agencyCode || '—'), el('td', {}, u.phoneInterface || '—'), el('td', {}, u.active ? '✓' : '✗'))));
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
      $('user-result').textContent = e.message;
    }
  }

  async function loadPanic() {
    const list = await Api.get('/api/admin/panic-buttons');
    $('panic').replaceChildren(...list.map(b => el('tr', {}, el('td', {}, b.deviceId), el('td', {}, b.address),
      el('td', {}, b.district), el('td', {}, b.cameraId || '—'), el('td', {}, b.active === false ? '✗' : '✓'))));
  }

  async function loadAudit() {
    const rows = await Api.get('/api/admin/audit?limit=100');
    const short = v => v == null ? '' : JSON.stringify(v).slice(0, 160);
    $('audit').replaceChildren(...rows.map(a => el('tr', {}, el('td', {}, new Date(a.at).toLocaleString(lang())),
      el('td', {}, a.actor), el('td', {}, a.action), el('td', {}, a.entity + (a.entityId ? ' ' + a.entityId : '')),
      el('td', {}, el('code', {}, short(a.before))), el('td', {}, el('code', {}, short(a.after))))));
  }
})();
