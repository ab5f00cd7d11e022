package pe.centralunica.console.desk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.console.http.ApiException;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.console.store.Tx;

import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Calls as dispatchers act on them. Every change also appends to the call's timeline (INCIDENT_LINKED,
 * MARKED_PRANK) — the journal derives call columns from the timeline, so a later replay keeps the change.
 */
public final class Calls {

    static final String VIEW = """
            SELECT c.id, c.asterisk_uniqueid AS uniqueid, c.caller_number AS "callerNumber", c.dialled_number AS dialled,
                   c.language, c.caller_class AS "callerClass", c.emergency_type_code AS type, c.district_ubigeo AS district,
                   c.district_source AS "districtSource", c.panic_device_id AS "panicDevice", c.incident_id AS "incidentId",
                   c.rule_id AS "ruleId", c.answered_by AS "answeredBy", c.outcome, c.prank, c.arrived_at AS "arrivedAt",
                   c.answered_at AS "answeredAt", c.ended_at AS "endedAt"
              FROM call c""";

    private final Jdbc jdbc;

    public Calls(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The SQL condition (the scope twice) keeping a district-scoped user to their district's calls. */
    private static final String IN_SCOPE = " AND (?::text IS NULL OR c.district_ubigeo = ?::text)";

    /** Empty when there is none or it lies outside {@code scope} (the user's district when limited to one). */
    public Optional<JsonObject> get(UUID id, Optional<String> scope) {
        return jdbc.tx("reading call " + id, tx -> tx.row(VIEW + " WHERE c.id = ?" + IN_SCOPE, id, scope, scope));
    }

    public Optional<JsonObject> byUniqueid(String uniqueid) {
        return jdbc.tx("reading call " + uniqueid, tx -> tx.row(VIEW + " WHERE c.asterisk_uniqueid = ? ORDER BY c.arrived_at DESC LIMIT 1", uniqueid));
    }

    public JsonObject linkToIncident(UUID callId, long incidentId, String actor, Optional<String> scope) {
        return jdbc.tx("linking call " + callId, tx -> {
            JsonObject before = lock(tx, callId, scope);
            if (!Incidents.exists(tx, incidentId, scope)) {
                throw new ApiException(404, "incident #" + incidentId + " does not exist");
            }
            tx.update("UPDATE call SET incident_id = ? WHERE id = ?", incidentId, callId);
            appendEvent(tx, callId, "INCIDENT_LINKED", new JsonObject().put("incidentId", Long.toString(incidentId)).put("by", actor));
            JsonObject after = tx.row(VIEW + " WHERE c.id = ?", callId).orElseThrow();
            tx.audit(actor, "UPDATE", "call", callId.toString(), before, after);
            return after;
        });
    }

    /** Marks the call a prank (Ley 29924): a caller_mark the IVR counts toward the FLAGGED class. Idempotent. */
    public JsonObject markPrank(UUID callId, String actor, Optional<String> scope) {
        return jdbc.tx("marking call " + callId, tx -> {
            JsonObject before = lock(tx, callId, scope);
            String caller = before.getString("callerNumber");
            if (caller == null || caller.isBlank()) {
                throw new ApiException(422, "call " + callId + " has no caller number to mark");
            }
            if (before.getBoolean("prank")) {
                return before;
            }
            tx.update("INSERT INTO caller_mark (caller_number, call_id, marked_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    caller, callId, actor);
            tx.update("UPDATE call SET prank = true WHERE id = ?", callId);
            appendEvent(tx, callId, "MARKED_PRANK", new JsonObject().put("by", actor));
            JsonObject after = tx.row(VIEW + " WHERE c.id = ?", callId).orElseThrow();
            tx.audit(actor, "UPDATE", "call", callId.toString(), before, after);
            return after;
        });
    }

    /** Abandoned calls of the last {@code hours}, newest first, with whether someone called back since. */
    public JsonArray abandoned(int hours, int limit, Optional<String> scope) {
        return jdbc.tx("listing abandoned calls", tx -> tx.array(VIEW.replace("FROM call c", """
                , d.name AS "districtName",
                  EXISTS (SELECT 1 FROM call_event e WHERE e.call_id = c.id AND e.type = 'NOTE' AND e.data->>'callBack' = 'true')
                      AS "calledBack"
                FROM call c LEFT JOIN district d ON d.ubigeo = c.district_ubigeo""")
                + " WHERE c.outcome = 'ABANDONED' AND NOT c.test_call AND c.arrived_at > now() - make_interval(hours => ?)" + IN_SCOPE
                + " ORDER BY c.arrived_at DESC LIMIT ?", hours, scope, scope, limit));
    }

    /** Records on the timeline that a dispatcher called the caller back. */
    public void recordCallBack(UUID callId, String actor, String phone) {
        jdbc.tx("recording a call-back", tx -> {
            lock(tx, callId, Optional.empty());
            appendEvent(tx, callId, "NOTE", new JsonObject().put("callBack", "true").put("by", actor).put("phone", phone));
            tx.audit(actor, "UPDATE", "call", callId.toString(), null, new JsonObject().put("callBack", phone));
            return null;
        });
    }

    /** Earlier calls from the same number and its prank marks (the screen pop's caller history). */
    public JsonObject history(String callerNumber, UUID except) {
        return jdbc.tx("reading caller history", tx -> new JsonObject()
                .put("calls", tx.array(VIEW + " WHERE c.caller_number = ? AND c.id <> ? ORDER BY c.arrived_at DESC LIMIT 20",
                        callerNumber, except))
                .put("prankMarks", tx.array("SELECT marked_at AS \"markedAt\", marked_by AS \"markedBy\", call_id AS \"callId\""
                        + " FROM caller_mark WHERE caller_number = ? ORDER BY marked_at DESC LIMIT 20", callerNumber)));
    }

    private static JsonObject lock(Tx tx, UUID callId, Optional<String> scope) throws SQLException {
        return tx.row(VIEW + " WHERE c.id = ?" + IN_SCOPE + " FOR UPDATE OF c", callId, scope, scope)
                .orElseThrow(() -> new ApiException(404, "call " + callId + " does not exist"));
    }

    static void appendEvent(Tx tx, UUID callId, String type, JsonObject data) throws SQLException {
        tx.update("INSERT INTO call_event (event_id, call_id, seq, at, type, data)"
                + " SELECT gen_random_uuid(), ?, coalesce(max(seq), -1) + 1, now(), ?, ?::jsonb FROM call_event WHERE call_id = ?",
                callId, type, data.encode(), callId);
    }
}
