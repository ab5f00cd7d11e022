// The supervisors' pages (wallboard, reports): their labels in one block, added to the console's dictionary.
Object.assign(I18N.es, {
  wallboard: 'Tablero de supervisión', reports: 'Reportes', city: 'Toda la ciudad', waiting: 'En espera',
  longestWait: 'Espera más larga', free: 'libres', busy: 'ocupados', paused: 'en pausa', dispatchers: 'Despachadores',
  within15: 'Atendidas ≤ 15 s', within20: 'Atendidas ≤ 20 s', abandonment: 'Abandono', ivrTime: 'Tiempo en IVR (p50 / p90)',
  improper: 'Llamadas improcedentes', callsToday: 'Llamadas hoy', updated: 'Actualizado', noData: 'sin datos',
  nenaNote: 'Meta NENA-STA-020: 90 % en 15 s y 95 % en 20 s desde la llegada. Las llamadas de prueba no cuentan.',
  from: 'Desde', to: 'Hasta', groupBy: 'Agrupar por', by_day: 'Día', by_hour: 'Hora del día', by_central: 'Central',
  by_district: 'Distrito', by_type: 'Tipo de emergencia', by_language: 'Idioma', show: 'Mostrar', exportCsv: 'Exportar CSV',
  group: 'Grupo', calls: 'Llamadas', settled: 'Resueltas', abandonedShort: 'Abandonadas', total: 'Total',
  staffing: 'Personal recomendado (Erlang C: 90 % en 15 s)', loggedIn: 'conectados ahora', handle: 'duración media',
  neededPerHour: 'Despachadores necesarios por hora de la próxima semana', queryTime: 'consulta',
  dow1: 'Lun', dow2: 'Mar', dow3: 'Mié', dow4: 'Jue', dow5: 'Vie', dow6: 'Sáb', dow7: 'Dom', noCentral: '(sin cola)',
  supervisorsOnly: 'Esta página es para supervisores.',
  hotspots: 'Zonas calientes', allTypes: 'Todos los tipos', expectedWeek: 'Esperados esta semana',
  expected: 'esperado', lastWeek: 'semana pasada', mae: 'error medio',
  hotspotsNote: 'Esperado = promedio de la misma hora y día en las últimas 4 semanas; ± = error absoluto medio de esa regla en las 4 semanas anteriores, reservadas para medirlo.'
});
Object.assign(I18N.en, {
  wallboard: 'Supervisor wallboard', reports: 'Reports', city: 'Whole city', waiting: 'Waiting',
  longestWait: 'Longest wait', free: 'free', busy: 'busy', paused: 'paused', dispatchers: 'Dispatchers',
  within15: 'Answered ≤ 15 s', within20: 'Answered ≤ 20 s', abandonment: 'Abandoned', ivrTime: 'IVR time (p50 / p90)',
  improper: 'Improper calls', callsToday: 'Calls today', updated: 'Updated', noData: 'no data',
  nenaNote: 'NENA-STA-020 target: 90% within 15 s and 95% within 20 s of arrival. Test calls never count.',
  from: 'From', to: 'To', groupBy: 'Group by', by_day: 'Day', by_hour: 'Hour of day', by_central: 'Central',
  by_district: 'District', by_type: 'Emergency type', by_language: 'Language', show: 'Show', exportCsv: 'Export CSV',
  group: 'Group', calls: 'Calls', settled: 'Settled', abandonedShort: 'Abandoned', total: 'Total',
  staffing: 'Staffing advice (Erlang C: 90% within 15 s)', loggedIn: 'logged in now', handle: 'mean handle time',
  neededPerHour: 'Dispatchers needed per hour of the coming week', queryTime: 'query',
  dow1: 'Mon', dow2: 'Tue', dow3: 'Wed', dow4: 'Thu', dow5: 'Fri', dow6: 'Sat', dow7: 'Sun', noCentral: '(no queue)',
  supervisorsOnly: 'This page is for supervisors.',
  hotspots: 'Hotspots', allTypes: 'All types', expectedWeek: 'Expected this week',
  expected: 'expected', lastWeek: 'last week', mae: 'mean error',
  hotspotsNote: 'Expected = mean of the same weekday and hour over the last 4 weeks; ± = that rule\'s mean absolute error on the 4 weeks before, held back to measure it.'
});

// Shared by both pages: names for codes, colours at the thresholds, numbers in the page's language.
const Supervisor = (() => {
  let names = { agencies: {}, districts: {}, types: {} };

  async function loadNames() {
    const ref = await Api.get('/api/reference');
    ref.agencies.forEach(a => { names.agencies[a.code] = a.name; });
    ref.districts.forEach(d => { names.districts[d.code] = d.name; });
    ref.types.forEach(ty => { names.types[ty.code] = ty; });
  }

  function name(kind, code) {
    if (code === '-' || code == null) return t('noCentral');
    if (kind === 'central') return names.agencies[code] || code;
    if (kind === 'district') return names.districts[code] || code;
    if (kind === 'type') { const ty = names.types[code]; return ty ? (lang() === 'en' ? ty.nameEn : ty.nameEs) : code; }
    if (kind === 'hour') return code + ':00';
    return code;
  }

  // good / warn / bad for a figure against its threshold; higherIsBetter says which way
  function level(value, good, warn, higherIsBetter) {
    if (value == null) return 'none';
    if (higherIsBetter) return value >= good ? 'good' : value >= warn ? 'warn' : 'bad';
    return value <= good ? 'good' : value <= warn ? 'warn' : 'bad';
  }

  const THRESHOLDS = {
    pctWithin15: [90, 80, true], pctWithin20: [95, 85, true], abandonPct: [5, 10, false],
    improperPct: [30, 50, false], longestWaitSeconds: [15, 20, false]
  };

  function levelOf(key, value) {
    const th = THRESHOLDS[key];
    return th ? level(value, th[0], th[1], th[2]) : 'none';
  }

  function pct(v) {
    return v == null ? '—' : v.toLocaleString(lang() === 'en' ? 'en-US' : 'es-PE', { maximumFractionDigits: 1 }) + ' %';
  }

  function seconds(v) {
    if (v == null) return '—';
    const s = Math.round(v);
    return s < 60 ? s + ' s' : Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  }

  return { loadNames, name, levelOf, pct, seconds };
})();
