package pe.centralunica.db.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes a batch of events into PostgreSQL in one transaction: the events (idempotent on event_id), then
 * each touched call row re-derived from its whole stored timeline, and an incident for a triaged call that
 * has none. Call rows are locked in uuid order, so shippers of two nodes touching the same call serialise.
 *
 * <p>A call PostgreSQL does not hold yet, whose events in the batch are its whole timeline, is inserted whole
 * from those events: no placeholder row updated later, no read-back of what was just written (issue 16:
 * PostgreSQL's cost per call). Should another node's shipper insert that call in between, the transaction
 * is rolled back and the batch goes the general way.
 */
final class PostgresEventSink {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresEventSink.class);
    /** PostgreSQL's uuid order (unsigned, big-endian), so every node locks call rows in the same order. */
    static final Comparator<UUID> PG_UUID_ORDER = Comparator
            .<UUID>comparingLong(u -> u.getMostSignificantBits() ^ Long.MIN_VALUE)
            .thenComparingLong(u -> u.getLeastSignificantBits() ^ Long.MIN_VALUE);
    private static final Duration REFERENCE_REFRESH = Duration.ofSeconds(10);
    /** The data keys the call row is derived from (everything else stays in the jsonb only). */
    private static final List<String> ROW_KEYS = List.of("uniqueid", "linkedid", "channel", "caller", "dialled",
            "test", "type", "district", "districtSource", "callerClass", "language", "panicDevice", "ruleId", "by",
            "cause", "incidentId");

    private static final String INSERT_PLACEHOLDERS = """
            INSERT INTO call (id, asterisk_uniqueid, arrived_at)
            SELECT id::uuid, uid, at::timestamptz
              FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS t(id, uid, at, ord)
             ORDER BY ord
            ON CONFLICT (id) DO NOTHING""";
    /** Whole call rows (the 24 columns of {@link #UPDATE_CALLS}); a row another shipper inserted is not returned. */
    private static final String INSERT_CALLS = """
            INSERT INTO call (id, asterisk_uniqueid, asterisk_linkedid, channel, caller_number, dialled_number,
                              test_call, language, caller_class, emergency_type_code, district_ubigeo,
                              district_source, panic_device_id, incident_id, rule_id, answered_by, outcome,
                              hangup_cause, prank, arrived_at, triaged_at, routed_at, answered_at, ended_at)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bool[],
                                 ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[],
                                 ?::int8[], ?::text[], ?::text[], ?::text[], ?::bool[], ?::timestamptz[],
                                 ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
            ON CONFLICT (id) DO NOTHING
            RETURNING id""";
    private static final String LOCK_CALLS =
            "SELECT id, incident_id FROM call WHERE id = ANY(?::uuid[]) ORDER BY id FOR UPDATE";
    private static final String INSERT_EVENTS = """
            INSERT INTO call_event (event_id, call_id, seq, at, type, data)
            SELECT e::uuid, c::uuid, s, a::timestamptz, t, d::jsonb
              FROM unnest(?::text[], ?::text[], ?::int4[], ?::text[], ?::text[], ?::text[]) AS u(e, c, s, a, t, d)
            ON CONFLICT DO NOTHING
            RETURNING event_id""";
    private static final String PRESENT_EVENTS = "SELECT event_id FROM call_event WHERE event_id = ANY(?::uuid[])";
    private static final String INSERT_RESEQUENCED = """
            INSERT INTO call_event (event_id, call_id, seq, at, type, data)
            SELECT ?::uuid, ?::uuid, coalesce(max(seq), -1) + 1, ?::timestamptz, ?, ?::jsonb
              FROM call_event WHERE call_id = ?::uuid
            ON CONFLICT (event_id) DO NOTHING""";
    private static final String INCIDENTS_EXISTING = "SELECT id FROM incident WHERE id = ANY(?::int8[])";
    private static final String NEXT_INCIDENT_IDS =
            "SELECT nextval(pg_get_serial_sequence('incident', 'id')) FROM generate_series(1, ?)";
    private static final String INSERT_INCIDENTS = """
            INSERT INTO incident (id, created_at, updated_at, emergency_type_code, priority, district_ubigeo)
            OVERRIDING SYSTEM VALUE
            SELECT id, at::timestamptz, at::timestamptz, type, priority, district
              FROM unnest(?::int8[], ?::text[], ?::text[], ?::int2[], ?::text[]) AS u(id, at, type, priority, district)""";
    /** One statement for all call rows of a batch (24 columns as parallel arrays). */
    private static final String UPDATE_CALLS = """
            UPDATE call c SET asterisk_uniqueid = u.uid, asterisk_linkedid = u.linkedid, channel = u.channel,
                   caller_number = u.caller, dialled_number = u.dialled, test_call = u.test, language = u.language,
                   caller_class = u.caller_class, emergency_type_code = u.type, district_ubigeo = u.district,
                   district_source = u.district_source, panic_device_id = u.panic_device, incident_id = u.incident,
                   rule_id = u.rule_id, answered_by = u.answered_by, outcome = u.outcome, hangup_cause = u.cause,
                   prank = c.prank OR u.prank, arrived_at = u.arrived_at, triaged_at = u.triaged_at,
                   routed_at = u.routed_at, answered_at = u.answered_at, ended_at = u.ended_at
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bool[], ?::text[],
                          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::text[],
                          ?::text[], ?::text[], ?::bool[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[],
                          ?::timestamptz[], ?::timestamptz[])
                   AS u(id, uid, linkedid, channel, caller, dialled, test, language, caller_class, type, district,
                        district_source, panic_device, incident, rule_id, answered_by, outcome, cause, prank,
                        arrived_at, triaged_at, routed_at, answered_at, ended_at)
             WHERE c.id = u.id""";

    private final DataSource dataSource;
    private final SchemaFit schemaFit = new SchemaFit();
    private volatile ReferenceCodes codes = ReferenceCodes.NONE;

    PostgresEventSink(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Ships the events in one transaction. With {@code deriveCalls} false only the events and bare
     * placeholder call rows are written (the last resort for an event the full path keeps refusing).
     */
    void ship(List<CallEvent> events, boolean deriveCalls) throws SQLException {
        if (deriveCalls) {
            try {
                ship(events, true, true);
                return;
            } catch (FreshCallTaken e) {
                LOG.debug("Call {} was inserted by another shipper meanwhile; the batch goes the general way", e.callId);
            }
        }
        ship(events, deriveCalls, false);
    }

    private void ship(List<CallEvent> events, boolean deriveCalls, boolean insertFreshWhole) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<UUID, List<CallEvent>> byCall = new TreeMap<>(PG_UUID_ORDER);
                for (CallEvent e : events) {
                    byCall.computeIfAbsent(e.callId(), k -> new ArrayList<>()).add(e);
                }
                Map<UUID, Long> incidents = null;
                if (insertFreshWhole) {
                    Map<UUID, Long> existing = lockCalls(c, byCall.keySet());
                    Map<UUID, List<CallEvent>> fresh = new TreeMap<>(PG_UUID_ORDER);
                    byCall.forEach((id, timeline) -> {
                        if (!existing.containsKey(id) && isWholeTimeline(timeline)) {
                            fresh.put(id, timeline);
                        }
                    });
                    insertWhole(c, fresh);
                    byCall.keySet().removeAll(fresh.keySet());
                    if (existing.keySet().containsAll(byCall.keySet())) {
                        incidents = existing; // the rest are stored and already locked
                    }
                }
                if (incidents == null && !byCall.isEmpty()) {
                    insertPlaceholders(c, byCall);
                    incidents = lockCalls(c, byCall.keySet());
                }
                insertEvents(c, events);
                if (deriveCalls && incidents != null && !byCall.isEmpty()) {
                    updateCalls(c, byCall.keySet(), incidents);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    /**
     * The batch holds a new call's whole timeline when no event of it repeats an id or a seq: such a call
     * has no event stored (events need their call row), so its row derives from these events alone.
     */
    private static boolean isWholeTimeline(List<CallEvent> timeline) {
        Set<UUID> ids = new HashSet<>();
        Set<Integer> seqs = new HashSet<>();
        for (CallEvent e : timeline) {
            if (!ids.add(e.eventId()) || !seqs.add(e.seq())) {
                return false;
            }
        }
        return true;
    }

    /** Inserts the fresh calls' whole rows, their incidents first (a row names its incident). */
    private void insertWhole(Connection c, Map<UUID, List<CallEvent>> fresh) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        List<DerivedCall> derived = new ArrayList<>(fresh.size());
        fresh.forEach((id, timeline) -> derived.add(CallTimeline.derive(id, timeline)));
        Fitted fitted = fit(c, derived, Map.of());
        Set<UUID> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_CALLS)) {
            bindRows(c, ps, fitted.rows(), fitted::incidentOf);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
        }
        for (UUID id : fresh.keySet()) {
            if (!inserted.contains(id)) {
                throw new FreshCallTaken(id);
            }
        }
    }

    /** Synthetic monitoring calls (CU_TEST) prove the number answers; they never open an incident. */
    private static boolean needsIncident(CallRow row, Long existingIncident) {
        return row.triaged() && !row.testCall() && row.linkedIncident() == null && existingIncident == null;
    }

    /** Another node's shipper inserted a call this transaction took for new: roll back, go the general way. */
    private static final class FreshCallTaken extends RuntimeException {
        final UUID callId;

        FreshCallTaken(UUID callId) {
            super(null, null, false, false);
            this.callId = callId;
        }
    }

    private static void insertPlaceholders(Connection c, Map<UUID, List<CallEvent>> byCall) throws SQLException {
        int n = byCall.size();
        String[] ids = new String[n];
        String[] uids = new String[n];
        String[] ats = new String[n];
        int i = 0;
        for (var entry : byCall.entrySet()) {
            DerivedCall d = CallTimeline.derive(entry.getKey(), entry.getValue());
            ids[i] = entry.getKey().toString();
            uids[i] = SchemaFit.placeholderUniqueid(d.uniqueid());
            ats[i] = d.arrivedAt().toString();
            i++;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_PLACEHOLDERS)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("text", uids));
            ps.setArray(3, c.createArrayOf("text", ats));
            ps.executeUpdate();
        }
    }

    /** Locks the batch's call rows; returns the incident each already has (null = none). */
    private static Map<UUID, Long> lockCalls(Connection c, Set<UUID> callIds) throws SQLException {
        Map<UUID, Long> incidents = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(LOCK_CALLS)) {
            ps.setArray(1, textArray(c, callIds));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    long incident = rs.getLong(2);
                    incidents.put(id, rs.wasNull() ? null : incident);
                }
            }
        }
        return incidents;
    }

    private static void insertEvents(Connection c, List<CallEvent> events) throws SQLException {
        int n = events.size();
        String[] ids = new String[n];
        String[] calls = new String[n];
        Integer[] seqs = new Integer[n];
        String[] ats = new String[n];
        String[] types = new String[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            CallEvent e = events.get(i);
            ids[i] = e.eventId().toString();
            calls[i] = e.callId().toString();
            seqs[i] = e.seq();
            ats[i] = e.at().toString();
            types[i] = e.type().name();
            data[i] = JsonText.object(e.data());
        }
        Set<UUID> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENTS)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("text", calls));
            ps.setArray(3, c.createArrayOf("int4", seqs));
            ps.setArray(4, c.createArrayOf("text", ats));
            ps.setArray(5, c.createArrayOf("text", types));
            ps.setArray(6, c.createArrayOf("text", data));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
        }
        if (inserted.size() < n) {
            insertSeqCollisions(c, events, inserted);
        }
    }

    /**
     * Events not inserted are either already stored (a replay: fine) or a different event with a seq the
     * call already uses (two writers numbered the same step). The latter is kept, at the end of the
     * timeline, with its original seq in its data: losing an event is worse than renumbering it.
     */
    private static void insertSeqCollisions(Connection c, List<CallEvent> events, Set<UUID> inserted)
            throws SQLException {
        Map<UUID, CallEvent> missing = new LinkedHashMap<>();
        for (CallEvent e : events) {
            if (!inserted.contains(e.eventId())) {
                missing.put(e.eventId(), e);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(PRESENT_EVENTS)) {
            ps.setArray(1, textArray(c, missing.keySet()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    missing.remove(rs.getObject(1, UUID.class));
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_RESEQUENCED)) {
            for (CallEvent e : missing.values()) {
                Map<String, String> data = new HashMap<>(e.data());
                data.put("originalSeq", Integer.toString(e.seq()));
                LOG.warn("Call {}: event {} ({}) reuses seq {} of another event; stored at the end of the timeline "
                        + "with originalSeq (writers must number a call's events uniquely)", e.callId(), e.eventId(),
                        e.type(), e.seq());
                ps.setString(1, e.eventId().toString());
                ps.setString(2, e.callId().toString());
                ps.setString(3, e.at().toString());
                ps.setString(4, e.type().name());
                ps.setString(5, JsonText.object(data));
                ps.setString(6, e.callId().toString());
                ps.executeUpdate();
            }
        }
    }

    private void updateCalls(Connection c, Set<UUID> callIds, Map<UUID, Long> existingIncidents) throws SQLException {
        Fitted fitted = fit(c, deriveFromStoredTimelines(c, callIds), existingIncidents);
        try (PreparedStatement ps = c.prepareStatement(UPDATE_CALLS)) {
            bindRows(c, ps, fitted.rows(), fitted::incidentOf);
            ps.executeUpdate();
        }
    }

    /** Call rows fitted to the schema, each with the incident it names (null: none). */
    private record Fitted(List<CallRow> rows, Map<UUID, Long> incidents) {
        Long incidentOf(CallRow row) {
            return incidents.get(row.id());
        }
    }

    /**
     * Fits the derived rows to the schema and gives each its incident: the one its timeline links, else the one
     * it has ({@code existingIncidents}), else one opened now if it is triaged.
     */
    private Fitted fit(Connection c, List<DerivedCall> derived, Map<UUID, Long> existingIncidents) throws SQLException {
        ReferenceCodes reference = referenceCodes(c, derived);
        Set<Long> linkable = existingIncidents(c, derived);
        List<CallRow> rows = new ArrayList<>(derived.size());
        List<CallRow> needIncident = new ArrayList<>();
        for (DerivedCall d : derived) {
            CallRow row = schemaFit.fit(d, reference, linkable);
            rows.add(row);
            if (needsIncident(row, existingIncidents.get(row.id()))) {
                needIncident.add(row);
            }
        }
        Map<UUID, Long> opened = openIncidents(c, needIncident, reference);
        Map<UUID, Long> incidents = new HashMap<>();
        for (CallRow r : rows) {
            Long incident = r.linkedIncident() != null ? r.linkedIncident()
                    : existingIncidents.get(r.id()) != null ? existingIncidents.get(r.id()) : opened.get(r.id());
            if (incident != null) {
                incidents.put(r.id(), incident);
            }
        }
        return new Fitted(rows, incidents);
    }

    /** Binds the rows as the 24 parallel arrays {@link #UPDATE_CALLS} and {@link #INSERT_CALLS} take. */
    private static void bindRows(Connection c, PreparedStatement ps, List<CallRow> rows,
                                 Function<CallRow, Long> incidentOf) throws SQLException {
        int n = rows.size();
        Object[][] columns = new Object[UPDATE_ARRAY_TYPES.length][n];
        for (int i = 0; i < n; i++) {
            CallRow r = rows.get(i);
            Object[] values = {r.id().toString(), r.uniqueid(), r.linkedid(), r.channel(), r.callerNumber(),
                    r.dialledNumber(), r.testCall(), r.language(), r.callerClass(), r.emergencyType(), r.district(),
                    r.districtSource(), r.panicDevice(), incidentOf.apply(r), r.ruleId(), r.answeredBy(), r.outcome(),
                    r.hangupCause(), r.prank(), text(r.arrivedAt()), text(r.triagedAt()), text(r.routedAt()),
                    text(r.answeredAt()), text(r.endedAt())};
            for (int k = 0; k < values.length; k++) {
                columns[k][i] = values[k];
            }
        }
        for (int k = 0; k < columns.length; k++) {
            ps.setArray(k + 1, c.createArrayOf(UPDATE_ARRAY_TYPES[k], typed(columns[k], UPDATE_ARRAY_TYPES[k])));
        }
    }

    /** JDBC array element types of {@link #UPDATE_CALLS}' parameters (timestamps travel as ISO text). */
    private static final String[] UPDATE_ARRAY_TYPES = {"text", "text", "text", "text", "text", "text", "bool",
            "text", "text", "text", "text", "text", "text", "int8", "int8", "text", "text", "text", "bool", "text",
            "text", "text", "text", "text"};

    private static Object[] typed(Object[] values, String type) {
        return switch (type) {
            case "bool" -> Arrays.copyOf(values, values.length, Boolean[].class);
            case "int8" -> Arrays.copyOf(values, values.length, Long[].class);
            default -> Arrays.copyOf(values, values.length, String[].class);
        };
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static List<DerivedCall> deriveFromStoredTimelines(Connection c, Set<UUID> callIds) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT event_id, call_id, seq, at, type");
        for (String key : ROW_KEYS) {
            sql.append(", data->>'").append(key).append('\'');
        }
        sql.append(" FROM call_event WHERE call_id = ANY(?::uuid[])");
        Map<UUID, List<CallEvent>> timelines = new TreeMap<>(PG_UUID_ORDER);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setArray(1, textArray(c, callIds));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> data = new HashMap<>();
                    for (int k = 0; k < ROW_KEYS.size(); k++) {
                        String v = rs.getString(6 + k);
                        if (v != null) {
                            data.put(ROW_KEYS.get(k), v);
                        }
                    }
                    UUID callId = rs.getObject(2, UUID.class);
                    CallEvent e = new CallEvent(rs.getObject(1, UUID.class), callId, rs.getInt(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), CallEventType.valueOf(rs.getString(5)),
                            data);
                    timelines.computeIfAbsent(callId, k -> new ArrayList<>()).add(e);
                }
            }
        }
        List<DerivedCall> out = new ArrayList<>(timelines.size());
        timelines.forEach((id, events) -> out.add(CallTimeline.derive(id, events)));
        return out;
    }

    /** Cached reference codes, reloaded when a call names one the cache does not know (at most every 10 s). */
    private ReferenceCodes referenceCodes(Connection c, List<DerivedCall> calls) throws SQLException {
        ReferenceCodes current = codes;
        boolean stale = current.loadedAt().plus(REFERENCE_REFRESH).isBefore(Instant.now());
        if (current == ReferenceCodes.NONE || (stale && !calls.stream().allMatch(current::knows))) {
            current = ReferenceCodes.load(c);
            codes = current;
        }
        return current;
    }

    private static Set<Long> existingIncidents(Connection c, List<DerivedCall> calls) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (DerivedCall d : calls) {
            if (d.incidentId() != null) {
                try {
                    ids.add(Long.parseLong(d.incidentId()));
                } catch (NumberFormatException ignored) {
                    // SchemaFit logs it and leaves the column empty
                }
            }
        }
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<Long> found = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(INCIDENTS_EXISTING)) {
            ps.setArray(1, c.createArrayOf("int8", ids.toArray(Long[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
        }
        return found;
    }

    /**
     * A triaged call without an incident opens one: status NEW, its type (UNKNOWN when the type did not fit),
     * the type's default priority, 1 for a panic button. Ids are drawn first, so each call knows its incident.
     */
    private static Map<UUID, Long> openIncidents(Connection c, List<CallRow> rows, ReferenceCodes reference)
            throws SQLException {
        if (rows.isEmpty()) {
            return Map.of();
        }
        int n = rows.size();
        Long[] ids = new Long[n];
        try (PreparedStatement ps = c.prepareStatement(NEXT_INCIDENT_IDS)) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; i < n && rs.next(); i++) {
                    ids[i] = rs.getLong(1);
                }
            }
        }
        String[] ats = new String[n];
        String[] types = new String[n];
        Short[] priorities = new Short[n];
        String[] districts = new String[n];
        Map<UUID, Long> byCall = new HashMap<>();
        for (int i = 0; i < n; i++) {
            CallRow row = rows.get(i);
            String type = row.emergencyType() != null ? row.emergencyType() : "UNKNOWN";
            int priority = "PANIC".equals(row.callerClass()) ? 1 : reference.typePriorities().getOrDefault(type, 3);
            ats[i] = text(row.triagedAt() != null ? row.triagedAt() : row.arrivedAt());
            types[i] = type;
            priorities[i] = (short) priority;
            districts[i] = row.district();
            byCall.put(row.id(), ids[i]);
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_INCIDENTS)) {
            ps.setArray(1, c.createArrayOf("int8", ids));
            ps.setArray(2, c.createArrayOf("text", ats));
            ps.setArray(3, c.createArrayOf("text", types));
            ps.setArray(4, c.createArrayOf("int2", priorities));
            ps.setArray(5, c.createArrayOf("text", districts));
            ps.executeUpdate();
        }
        return byCall;
    }

    private static Array textArray(Connection c, Set<UUID> ids) throws SQLException {
        return c.createArrayOf("text", ids.stream().map(UUID::toString).toArray(String[]::new));
    }
}
