// The API client: JSON in and out, the CSRF token on every change, errors as exceptions with the server's message.
const Api = (() => {
  let csrf = null;

  class ApiError extends Error {
    constructor(status, body) {
      super(body && body.message ? body.message : 'HTTP ' + status);
      this.status = status;
      this.body = body || {};
    }
  }

  async function call(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
    const response = await fetch(path, { method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }

  return {
    ApiError,
    get: path => call('GET', path),
    post: (path, body) => call('POST', path, body === undefined ? {} : body),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
    del: path => call('DELETE', path),
    async me() {
      try {
        const me = await call('GET', '/api/me');
        csrf = me.csrfToken;
        return me;
      } catch (e) {
        if (e.status === 401) return null;
        throw e;
      }
    },
    async login(username, password) {
      const me = await call('POST', '/api/login', { username, password });
      csrf = me.csrfToken;
      return me;
    },
    async logout() {
      await call('POST', '/api/logout', {});
      csrf = null;
    }
  };
})();

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k === 'class') e.className = v;
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  });
  children.flat().forEach(c => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
  return e;
}
