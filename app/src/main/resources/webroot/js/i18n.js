// Spanish by default, English on request; the choice is kept in localStorage.
const I18N = {
  es: {
    title: 'Central Única', admin: 'Administración', logout: 'Salir', signIn: 'Ingresar', username: 'Usuario',
    password: 'Contraseña', queue: 'Cola en vivo', type: 'Tipo', district: 'Distrito', class: 'Clase', wait: 'Espera',
    state: 'Estado', abandoned: 'Llamadas abandonadas', caller: 'Llamante', when: 'Hora', screenPop: 'Llamada en curso',
    callEnded: 'La llamada terminó.', incident: 'Incidente', priority: 'Prioridad', status: 'Estado', address: 'Dirección',
    latitude: 'Latitud', longitude: 'Longitud', notes: 'Notas', save: 'Guardar', markPrank: 'Marcar como broma',
    transferTo: 'Transferir a', transfer: 'Transferir', route: 'Ruta', history: 'Historial del llamante', map: 'Mapa',
    mapNote: 'Límites distritales simplificados (MPL-2.0); sin servidor de mapas. Un clic fija la ubicación del incidente.', callBack: 'Devolver llamada',
    saved: 'Guardado', transferred: 'Transferida a', marked: 'Marcada como broma', calling: 'Llamando a',
    linkUp: 'AMI conectado', linkDown: 'sin enlace AMI', noCalls: 'Sin llamadas en espera', prankMarks: 'marcas de broma',
    earlierCalls: 'llamadas anteriores', camera: 'Cámara', panicButton: 'Botón de pánico', language: 'Idioma',
    wrongLogin: 'Usuario o contraseña incorrectos', tooMany: 'Demasiados intentos; espere', seconds: 's',
    'st.NEW': 'Nuevo', 'st.DISPATCHED': 'Despachado', 'st.ON_SCENE': 'En el lugar', 'st.CLOSED': 'Cerrado',
    users: 'Usuarios', rules: 'Reglas de ruteo', dryRun: 'Simulación', audit: 'Auditoría', panicButtons: 'Botones de pánico',
    create: 'Crear', role: 'Rol', agency: 'Central', phone: 'Teléfono', active: 'Activo', displayName: 'Nombre',
    run: 'Simular', at: 'Fecha y hora', callerClass: 'Clase de llamante', explanation: 'Explicación', steps: 'Destinos',
    newRule: 'Nueva regla', delete: 'Eliminar', back: 'Volver a la consola', actor: 'Quién', action: 'Acción',
    entity: 'Entidad', linkTo: 'Vincular la llamada al incidente', districtSource: 'Origen del distrito', link: 'Vincular', linked: 'Vinculada al incidente', dispatchers: 'Despachadores', paused: 'en pausa', busy: 'ocupado', free: 'libre', loggedOut: 'desconectado', before: 'Antes', after: 'Después', refused: 'Rechazado', panic: 'PÁNICO', silent: 'SILENCIOSA'
  },
  en: {
    title: 'Central Única', admin: 'Administration', logout: 'Sign out', signIn: 'Sign in', username: 'Username',
    password: 'Password', queue: 'Live queue', type: 'Type', district: 'District', class: 'Class', wait: 'Wait',
    state: 'State', abandoned: 'Abandoned calls', caller: 'Caller', when: 'Time', screenPop: 'Current call',
    callEnded: 'The call has ended.', incident: 'Incident', priority: 'Priority', status: 'Status', address: 'Address',
    latitude: 'Latitude', longitude: 'Longitude', notes: 'Notes', save: 'Save', markPrank: 'Mark as prank',
    transferTo: 'Transfer to', transfer: 'Transfer', route: 'Route', history: 'Caller history', map: 'Map',
    mapNote: 'Simplified district boundaries (MPL-2.0); no map server. A click sets the incident location.', callBack: 'Call back',
    saved: 'Saved', transferred: 'Transferred to', marked: 'Marked as prank', calling: 'Calling',
    linkUp: 'AMI connected', linkDown: 'no AMI link', noCalls: 'No calls waiting', prankMarks: 'prank marks',
    earlierCalls: 'earlier calls', camera: 'Camera', panicButton: 'Panic button', language: 'Language',
    wrongLogin: 'Wrong username or password', tooMany: 'Too many attempts; wait', seconds: 's',
    'st.NEW': 'New', 'st.DISPATCHED': 'Dispatched', 'st.ON_SCENE': 'On scene', 'st.CLOSED': 'Closed',
    users: 'Users', rules: 'Routing rules', dryRun: 'Dry run', audit: 'Audit trail', panicButtons: 'Panic buttons',
    create: 'Create', role: 'Role', agency: 'Central', phone: 'Phone', active: 'Active', displayName: 'Name',
    run: 'Run', at: 'Date and time', callerClass: 'Caller class', explanation: 'Explanation', steps: 'Targets',
    newRule: 'New rule', delete: 'Delete', back: 'Back to the console', actor: 'Who', action: 'Action',
    entity: 'Entity', linkTo: 'Link the call to incident', districtSource: 'District from', link: 'Link', linked: 'Linked to incident', dispatchers: 'Dispatchers', paused: 'paused', busy: 'busy', free: 'free', loggedOut: 'logged out', before: 'Before', after: 'After', refused: 'Refused', panic: 'PANIC', silent: 'SILENT'
  }
};

function lang() {
  return localStorage.getItem('cu.lang') || 'es';
}

function t(key) {
  return (I18N[lang()] || I18N.es)[key] || I18N.es[key] || key;
}

function applyI18n() {
  document.documentElement.lang = lang();
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  const select = document.getElementById('lang-select');
  if (select) select.value = lang();
}

document.addEventListener('DOMContentLoaded', () => {
  const select = document.getElementById('lang-select');
  if (select) {
    select.addEventListener('change', () => {
      localStorage.setItem('cu.lang', select.value);
      applyI18n();
      document.dispatchEvent(new Event('cu:lang'));
    });
  }
  applyI18n();
});
