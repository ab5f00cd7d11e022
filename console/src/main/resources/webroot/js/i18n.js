// Spanish by default, English on request; the choice is kept in localStorage.
const I18N = {
  es: {
    title: 'Central Única', admin: 'Administración', logout: 'Salir', signIn: 'Ingresar', username: 'Usuario',
    password: 'Contraseña', queue: 'Cola en vivo', type: 'Tipo', district: 'Distrito', class: 'Clase', wait: 'Espera',
    state: 'Estado', abandoned: 'Llamadas abandonadas', caller: 'Llamante', when: 'Hora', screenPop: 'Llamada en curso',
    callEnded: 'La llamada terminó.', incident: 'Incidente', priority: 'Prioridad', status: 'Estado', address: 'Dirección',
    latitude: 'Latitud', longitude: 'Longitud', notes: 'Notas', save: 'Guardar', markPrank: 'Marcar como broma',
    transferTo: 'Transferir a', transfer: 'Transferir', route: 'Ruta', history: 'Historial del llamante', map: 'Mapa',
    mapNote: 'Límites distritales simplificados (MPL-2.0). Un clic fija la ubicación y el distrito del incidente; rueda o +/− para acercar.', callBack: 'Devolver llamada',
    saved: 'Guardado', transferred: 'Transferida a', marked: 'Marcada como broma', calling: 'Llamando a',
    linkUp: 'AMI conectado', linkDown: 'sin enlace AMI', noCalls: 'Sin llamadas en espera', prankMarks: 'marcas de broma',
    earlierCalls: 'llamadas anteriores', camera: 'Cámara', panicButton: 'Botón de pánico', language: 'Idioma',
    wrongLogin: 'Usuario o contraseña incorrectos', tooMany: 'Demasiados intentos; espere', seconds: 's',
    'st.NEW': 'Nuevo', 'st.DISPATCHED': 'Despachado', 'st.ON_SCENE': 'En el lugar', 'st.CLOSED': 'Cerrado',
    users: 'Usuarios', rules: 'Reglas de ruteo', dryRun: 'Simulación', audit: 'Auditoría', panicButtons: 'Botones de pánico',
    create: 'Crear', role: 'Rol', agency: 'Central', phone: 'Teléfono', active: 'Activo', displayName: 'Nombre',
    run: 'Simular', at: 'Fecha y hora', callerClass: 'Clase de llamante', explanation: 'Explicación', steps: 'Destinos',
    newRule: 'Nueva regla', delete: 'Eliminar', back: 'Volver a la consola', actor: 'Quién', action: 'Acción',
    entity: 'Entidad', linkTo: 'Vincular la llamada al incidente', districtSource: 'Origen del distrito', link: 'Vincular', linked: 'Vinculada al incidente', dispatchers: 'Despachadores', paused: 'en pausa', busy: 'ocupado', free: 'libre', loggedOut: 'desconectado', before: 'Antes', after: 'Después', refused: 'Rechazado', panic: 'PÁNICO', silent: 'SILENCIOSA', incidents: 'Incidentes', supervision: 'Supervisión', prioShort: 'P', langShort: 'Idioma', noPop: 'Sin llamada en curso: cuando su teléfono conteste, la llamada aparece aquí.',
    ivrSteps: 'Lo que respondió en el menú', areaLima: 'Lima y Callao', areaTrujillo: 'Trujillo', legendCall: 'llamada',
    legendIncident: 'incidente abierto', legendButton: 'botón de pánico', newCall: 'Nueva llamada', number: 'Número',
    location: 'Ubicación', districtFrom: 'origen:', noDistrict: 'sin distrito', chooseIncident: '— elija un incidente —',
    confirmPrank: '¿Marcar esta llamada como broma? Con {n} marcas en 90 días, las próximas llamadas de este número pasan primero por revisión. Use solo si está seguro.',
    noIvr: 'Sin pasos de menú (llamada directa o de botón).', free: 'libres', busyN: 'ocupados', pausedN: 'en pausa', outN: 'desconectados',
    mapPicked: 'Ubicación fijada en el mapa; distrito: {district}. Guarde el incidente.', priorityN: 'Prioridad {n}',
    p1: '1 — inmediata', p2: '2 — urgente', p3: '3 — normal', p4: '4 — baja', p5: '5 — mínima', outsideDistricts: 'fuera de los distritos conocidos', yesPrank: 'Sí, es broma', cancel: 'Cancelar', search: 'Buscar (teléfono, dirección, notas, n.º)', period: 'Periodo', openOnes: 'Abiertos', all: 'Todos', last24h: 'Últimas 24 h', last7d: 'Últimos 7 días', incidentsShown: 'incidentes', shownN: 'Incidentes: {n}', pickIncident: 'Elija un incidente de la lista.', linkedCalls: 'Llamadas vinculadas', created: 'Creado', updated: 'Actualizado', closedAt: 'Cerrado', noCallsLinked: 'Sin llamadas vinculadas (creado sin llamada).', narrative: 'Bitácora', addNote: 'Añadir a la bitácora', noteAdded: 'Añadido', noNotes: 'Sin entradas todavía.', notePlaceholder: 'Qué pasó, quién va, qué se hizo…', closeIncident: 'Cerrar incidente', reopenIncident: 'Reabrir incidente', reason: 'Motivo', reasonNeeded: 'Escriba el motivo', closed: 'Incidente cerrado', reopened: 'Incidente reabierto', newIncident: 'Nuevo incidente (sin llamada)', createIncident: 'Crear incidente', created2: 'Incidente creado', prankReview: 'Marcas de broma', callerNumber: 'Número del llamante', find: 'Buscar', markedBy: 'marcada por', expires: 'deja de contar', expired: 'ya no cuenta', removeMark: 'Quitar marca', removed: 'Marca quitada', removedBy: 'quitada por', noMarks: 'Sin marcas para este número.', phoneHits: 'con llamadas de este número', goToBoard: 'Abrir en incidentes', device: 'Equipo', technical: 'Explicación técnica del motor de ruteo (en inglés)', decidedBy: 'Regla', version: 'Versión de ruteo', changed: 'Cambios', field: 'campo', ringFor: 'timbra', noChange: 'sin cambios',
    units: 'Unidades de las agencias', noUnits: 'Ninguna agencia informó unidades todavía.', unit: 'Unidad',
    unitTimes: 'Horas', recording: 'Grabación', noRecording: 'sin grabación', evidence: 'Descargar evidencia (ZIP)',
    incidentEvidence: 'Descargar el paquete de evidencia del incidente (ZIP)', callEvidence: 'Evidencia de la llamada (ZIP)'
  },
  en: {
    title: 'Central Única', admin: 'Administration', logout: 'Sign out', signIn: 'Sign in', username: 'Username',
    password: 'Password', queue: 'Live queue', type: 'Type', district: 'District', class: 'Class', wait: 'Wait',
    state: 'State', abandoned: 'Abandoned calls', caller: 'Caller', when: 'Time', screenPop: 'Current call',
    callEnded: 'The call has ended.', incident: 'Incident', priority: 'Priority', status: 'Status', address: 'Address',
    latitude: 'Latitude', longitude: 'Longitude', notes: 'Notes', save: 'Save', markPrank: 'Mark as prank',
    transferTo: 'Transfer to', transfer: 'Transfer', route: 'Route', history: 'Caller history', map: 'Map',
    mapNote: 'Simplified district boundaries (MPL-2.0). A click sets the incident\'s location and district; wheel or +/− to zoom.', callBack: 'Call back',
    saved: 'Saved', transferred: 'Transferred to', marked: 'Marked as prank', calling: 'Calling',
    linkUp: 'AMI connected', linkDown: 'no AMI link', noCalls: 'No calls waiting', prankMarks: 'prank marks',
    earlierCalls: 'earlier calls', camera: 'Camera', panicButton: 'Panic button', language: 'Language',
    wrongLogin: 'Wrong username or password', tooMany: 'Too many attempts; wait', seconds: 's',
    'st.NEW': 'New', 'st.DISPATCHED': 'Dispatched', 'st.ON_SCENE': 'On scene', 'st.CLOSED': 'Closed',
    users: 'Users', rules: 'Routing rules', dryRun: 'Dry run', audit: 'Audit trail', panicButtons: 'Panic buttons',
    create: 'Create', role: 'Role', agency: 'Central', phone: 'Phone', active: 'Active', displayName: 'Name',
    run: 'Run', at: 'Date and time', callerClass: 'Caller class', explanation: 'Explanation', steps: 'Targets',
    newRule: 'New rule', delete: 'Delete', back: 'Back to the console', actor: 'Who', action: 'Action',
    entity: 'Entity', linkTo: 'Link the call to incident', districtSource: 'District from', link: 'Link', linked: 'Linked to incident', dispatchers: 'Dispatchers', paused: 'paused', busy: 'busy', free: 'free', loggedOut: 'logged out', before: 'Before', after: 'After', refused: 'Refused', panic: 'PANIC', silent: 'SILENT', incidents: 'Incidents', supervision: 'Supervision', prioShort: 'P', langShort: 'Lang.', noPop: 'No current call: when your phone answers, the call shows here.',
    ivrSteps: 'What the caller answered in the menu', areaLima: 'Lima and Callao', areaTrujillo: 'Trujillo', legendCall: 'call',
    legendIncident: 'open incident', legendButton: 'panic button', newCall: 'New call', number: 'Number',
    location: 'Location', districtFrom: 'source:', noDistrict: 'no district', chooseIncident: '— choose an incident —',
    confirmPrank: 'Mark this call as a prank? With {n} marks in 90 days, this number\'s next calls go through review first. Only if you are sure.',
    noIvr: 'No menu steps (direct or panic-button call).', free: 'free', busyN: 'busy', pausedN: 'paused', outN: 'logged out',
    mapPicked: 'Location set from the map; district: {district}. Save the incident.', priorityN: 'Priority {n}',
    p1: '1 — immediate', p2: '2 — urgent', p3: '3 — normal', p4: '4 — low', p5: '5 — minimal', outsideDistricts: 'outside the known districts', yesPrank: 'Yes, a prank', cancel: 'Cancel', search: 'Search (phone, address, notes, no.)', period: 'Period', openOnes: 'Open', all: 'All', last24h: 'Last 24 h', last7d: 'Last 7 days', incidentsShown: 'incidents', shownN: 'Incidents: {n}', pickIncident: 'Pick an incident from the list.', linkedCalls: 'Linked calls', created: 'Created', updated: 'Updated', closedAt: 'Closed', noCallsLinked: 'No linked calls (created without a call).', narrative: 'Log', addNote: 'Add to the log', noteAdded: 'Added', noNotes: 'No entries yet.', notePlaceholder: 'What happened, who is going, what was done…', closeIncident: 'Close incident', reopenIncident: 'Reopen incident', reason: 'Reason', reasonNeeded: 'Write the reason', closed: 'Incident closed', reopened: 'Incident reopened', newIncident: 'New incident (no call)', createIncident: 'Create incident', created2: 'Incident created', prankReview: 'Prank marks', callerNumber: 'Caller number', find: 'Find', markedBy: 'marked by', expires: 'stops counting', expired: 'no longer counts', removeMark: 'Remove mark', removed: 'Mark removed', removedBy: 'removed by', noMarks: 'No marks for this number.', phoneHits: 'with calls from this number', goToBoard: 'Open in incidents', device: 'Device', technical: 'The routing engine\'s technical explanation', decidedBy: 'Rule', version: 'Routing version', changed: 'Changes', field: 'field', ringFor: 'rings', noChange: 'no change',
    units: 'Agency units', noUnits: 'No agency has reported units yet.', unit: 'Unit',
    unitTimes: 'Times', recording: 'Recording', noRecording: 'no recording', evidence: 'Download evidence (ZIP)',
    incidentEvidence: 'Download the incident\'s evidence package (ZIP)', callEvidence: 'Call evidence (ZIP)'
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
