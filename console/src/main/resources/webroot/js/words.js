// Words for the codes the server sends (states, classes, sources, IVR steps, outcomes, roles), dates for people,
// and errors in the reader's language. Nothing here shows a raw code: an unknown one reads "(sin dato)".
const WORDS = {
  es: {
    'state.IVR': 'en el menú', 'state.QUEUED': 'en cola', 'state.RINGING': 'timbrando', 'state.CONNECTED': 'hablando',
    'state.DIALING': 'marcando', 'state.ENDED': 'terminada',
    'class.NORMAL': 'normal', 'class.PANIC': 'pánico', 'class.SILENT': 'silenciosa', 'class.FLAGGED': 'posible broma (marcado)',
    'source.PANIC_BUTTON': 'ubicación del botón de pánico', 'source.TRUNK': 'central telefónica del distrito (troncal)',
    'source.HISTORY': 'llamadas anteriores del mismo número', 'source.DTMF': 'marcado por el llamante en el menú',
    'source.NONE': 'desconocido (no se pudo determinar)',
    'status.NEW': 'Nuevo', 'status.DISPATCHED': 'Despachado', 'status.ON_SCENE': 'En el lugar', 'status.CLOSED': 'Cerrado',
    'outcome.IN_PROGRESS': 'en curso', 'outcome.ANSWERED': 'atendida', 'outcome.ABANDONED': 'abandonada',
    'outcome.TRANSFERRED': 'transferida', 'outcome.FAILED': 'fallida', 'outcome.FALLBACK': 'enviada a la central metropolitana',
    'role.DISPATCHER': 'despachador', 'role.SUPERVISOR': 'supervisor', 'role.ADMIN': 'administrador',
    'lang.es': 'español', 'lang.en': 'inglés', 'lang.qu': 'quechua', 'lang.ay': 'aimara',
    'menu.type': 'tipo de emergencia', 'menu.district': 'distrito', 'menu.silent': 'llamada silenciosa', 'menu.language': 'idioma',
    'ivr.DIGIT': 'marcó {digit} en el menú de {menu}', 'ivr.INPUT_TIMEOUT': 'no marcó nada en el menú de {menu} (intento {attempt})',
    'ivr.INVALID_INPUT': 'marcó {input}, opción no válida en el menú de {menu}', 'ivr.LANGUAGE_CHOSEN': 'eligió el idioma {language}',
    'ivr.TRIAGED': 'clasificada: {type}, {district} ({districtSource})', 'ivr.FALLBACK': 'enviada a la central metropolitana',
    'ivr.QUEUE_JOINED': 'entró a la cola', 'ivr.ANSWERED': 'atendida', 'ivr.TRANSFERRED': 'transferida a {to}',
    'ivr.ABANDONED': 'colgó esperando ({waitSeconds} s)', 'ivr.MARKED_PRANK': 'marcada como broma',
    'route.rule': 'Regla «{rule}», prioridad {priority}.', 'route.none': 'Ninguna regla coincidió: la atiende la central metropolitana.',
    'route.targets': 'Destinos en orden: {targets}.', 'route.skipped': 'Omitidos: {skipped}.',
    'skip.disabled': 'deshabilitado', 'skip.down': 'fuera de servicio', 'skip.dup': 'ya es un paso anterior',
    'err.400': 'Revise los datos', 'err.401': 'La sesión terminó; vuelva a ingresar', 'err.403': 'No tiene permiso para esto',
    'err.404': 'No encontrado (o fuera de su distrito)', 'err.409': 'No se puede: el registro cambió o está cerrado',
    'err.422': 'Cambio rechazado', 'err.429': 'Demasiados intentos; espere', 'err.502': 'Sin enlace con la central telefónica',
    'err.503': 'Servicio no disponible; reintente', 'err.other': 'Error del servidor; reintente', 'err.network': 'Sin conexión con el servidor',
    'note.CLOSED': 'Cerrado', 'note.REOPENED': 'Reabierto',
    'unit.DISPATCHED': 'Despachada', 'unit.EN_ROUTE': 'En camino', 'unit.ON_SCENE': 'En el lugar', 'unit.CLEARED': 'Liberada',
    'unitAt.dispatched': 'despachada', 'unitAt.enRoute': 'en camino', 'unitAt.onScene': 'en el lugar', 'unitAt.cleared': 'liberada',
    'action.CREATE': 'creó', 'action.UPDATE': 'modificó', 'action.DELETE': 'eliminó', 'action.LOGIN': 'ingresó',
    'action.LOGIN_FAILED': 'ingreso fallido', 'action.APPLY': 'aplicó',
    'entity.incident': 'incidente', 'entity.call': 'llamada', 'entity.app_user': 'usuario', 'entity.routing_rule': 'regla de ruteo',
    'entity.caller_mark': 'marca de broma', 'entity.incident_note': 'bitácora', 'entity.panic_button': 'botón de pánico',
    'entity.district': 'distrito', 'entity.agency': 'central', 'entity.route_target': 'destino', 'entity.session': 'sesión',
    'entity.console_session': 'sesión', 'entity.asterisk_config': 'configuración de Asterisk',
    'kind.QUEUE': 'cola', 'kind.TRUNK': 'troncal', 'kind.ENDPOINT': 'teléfono', 'kind.DIAL': 'marcación',
    'severity.ERROR': 'Error', 'severity.WARNING': 'Aviso',
    'day.MONDAY': 'lun', 'day.TUESDAY': 'mar', 'day.WEDNESDAY': 'mié', 'day.THURSDAY': 'jue', 'day.FRIDAY': 'vie',
    'day.SATURDAY': 'sáb', 'day.SUNDAY': 'dom', 'sched.always': 'siempre', 'sched.everyDay': 'todos los días',
    'rule.off': 'desactivada', 'rule.any': 'cualquiera',
    unknown: '(sin dato)'
  },
  en: {
    'state.IVR': 'in the menu', 'state.QUEUED': 'queued', 'state.RINGING': 'ringing', 'state.CONNECTED': 'talking',
    'state.DIALING': 'dialling', 'state.ENDED': 'ended',
    'class.NORMAL': 'normal', 'class.PANIC': 'panic', 'class.SILENT': 'silent', 'class.FLAGGED': 'possible prank (flagged)',
    'source.PANIC_BUTTON': 'the panic button\'s location', 'source.TRUNK': 'the district\'s telephone trunk',
    'source.HISTORY': 'earlier calls from the same number', 'source.DTMF': 'keyed in by the caller in the menu',
    'source.NONE': 'unknown (could not be determined)',
    'status.NEW': 'New', 'status.DISPATCHED': 'Dispatched', 'status.ON_SCENE': 'On scene', 'status.CLOSED': 'Closed',
    'outcome.IN_PROGRESS': 'in progress', 'outcome.ANSWERED': 'answered', 'outcome.ABANDONED': 'abandoned',
    'outcome.TRANSFERRED': 'transferred', 'outcome.FAILED': 'failed', 'outcome.FALLBACK': 'sent to the metropolitan centre',
    'role.DISPATCHER': 'dispatcher', 'role.SUPERVISOR': 'supervisor', 'role.ADMIN': 'administrator',
    'lang.es': 'Spanish', 'lang.en': 'English', 'lang.qu': 'Quechua', 'lang.ay': 'Aymara',
    'menu.type': 'emergency type', 'menu.district': 'district', 'menu.silent': 'silent call', 'menu.language': 'language',
    'ivr.DIGIT': 'pressed {digit} in the {menu} menu', 'ivr.INPUT_TIMEOUT': 'pressed nothing in the {menu} menu (attempt {attempt})',
    'ivr.INVALID_INPUT': 'pressed {input}, not an option of the {menu} menu', 'ivr.LANGUAGE_CHOSEN': 'chose {language}',
    'ivr.TRIAGED': 'classified: {type}, {district} ({districtSource})', 'ivr.FALLBACK': 'sent to the metropolitan centre',
    'ivr.QUEUE_JOINED': 'joined the queue', 'ivr.ANSWERED': 'answered', 'ivr.TRANSFERRED': 'transferred to {to}',
    'ivr.ABANDONED': 'hung up while waiting ({waitSeconds} s)', 'ivr.MARKED_PRANK': 'marked as prank',
    'route.rule': 'Rule “{rule}”, priority {priority}.', 'route.none': 'No rule matched: the metropolitan centre takes the call.',
    'route.targets': 'Targets in order: {targets}.', 'route.skipped': 'Skipped: {skipped}.',
    'skip.disabled': 'disabled', 'skip.down': 'out of service', 'skip.dup': 'already an earlier step',
    'err.400': 'Check the data', 'err.401': 'Your session ended; sign in again', 'err.403': 'You may not do this',
    'err.404': 'Not found (or outside your district)', 'err.409': 'Not possible: the record changed or is closed',
    'err.422': 'Change refused', 'err.429': 'Too many attempts; wait', 'err.502': 'No link to the telephone exchange',
    'err.503': 'Service unavailable; retry', 'err.other': 'Server error; retry', 'err.network': 'No connection to the server',
    'note.CLOSED': 'Closed', 'note.REOPENED': 'Reopened',
    'unit.DISPATCHED': 'Dispatched', 'unit.EN_ROUTE': 'En route', 'unit.ON_SCENE': 'On scene', 'unit.CLEARED': 'Cleared',
    'unitAt.dispatched': 'dispatched', 'unitAt.enRoute': 'en route', 'unitAt.onScene': 'on scene', 'unitAt.cleared': 'cleared',
    'action.CREATE': 'created', 'action.UPDATE': 'changed', 'action.DELETE': 'deleted', 'action.LOGIN': 'signed in',
    'action.LOGIN_FAILED': 'failed sign-in', 'action.APPLY': 'applied',
    'entity.incident': 'incident', 'entity.call': 'call', 'entity.app_user': 'user', 'entity.routing_rule': 'routing rule',
    'entity.caller_mark': 'prank mark', 'entity.incident_note': 'log entry', 'entity.panic_button': 'panic button',
    'entity.district': 'district', 'entity.agency': 'central', 'entity.route_target': 'target', 'entity.session': 'session',
    'entity.console_session': 'session', 'entity.asterisk_config': 'Asterisk configuration',
    'kind.QUEUE': 'queue', 'kind.TRUNK': 'trunk', 'kind.ENDPOINT': 'phone', 'kind.DIAL': 'dial',
    'severity.ERROR': 'Error', 'severity.WARNING': 'Warning',
    'day.MONDAY': 'Mon', 'day.TUESDAY': 'Tue', 'day.WEDNESDAY': 'Wed', 'day.THURSDAY': 'Thu', 'day.FRIDAY': 'Fri',
    'day.SATURDAY': 'Sat', 'day.SUNDAY': 'Sun', 'sched.always': 'always', 'sched.everyDay': 'every day',
    'rule.off': 'off', 'rule.any': 'any',
    unknown: '(no data)'
  }
};

/** The word for a code of a kind ('state', 'class', …); never the bare code. */
function word(kind, code) {
  if (code == null || code === '') return WORDS[lang()].unknown;
  const key = kind + '.' + code;
  // A code without a word shows bare on purpose: the browser tests fail on bare codes, so it gets translated.
  return WORDS[lang()][key] || WORDS.es[key] || String(code);
}

/** A template from WORDS with {name} placeholders filled. */
function phrase(key, values) {
  const template = WORDS[lang()][key] || WORDS.es[key] || '';
  return template.replace(/\{(\w+)\}/g, (_, name) => values && values[name] != null ? values[name] : WORDS[lang()].unknown);
}

/** Date and time as people read them: "7 dic 2026, 14:05" (today: just the time). */
function when(iso) {
  if (!iso) return WORDS[lang()].unknown;
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString(lang(), { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(lang(), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A wait in words: "45 s", "3 min 05 s". */
function duration(seconds) {
  const s = Math.max(0, Math.round(seconds || 0));
  return s < 60 ? s + ' s' : Math.floor(s / 60) + ' min ' + String(s % 60).padStart(2, '0') + ' s';
}

/** An API failure in the reader's language; the server's own (English) message stays in the tooltip for support. */
function problem(e) {
  const status = e && e.status;
  const key = status ? 'err.' + status : 'err.network';
  return WORDS[lang()][key] || WORDS[lang()]['err.other'];
}
