package pe.centralunica.console.desk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.console.http.ApiException;
import pe.centralunica.console.http.BadRequestException;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.console.store.Tx;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The incident's working record beyond its fields: the append-only narrative (who wrote what, when), closing and
 * reopening with a reason, and finding incidents by a caller's number. Every change is one transaction with its
 * audit row; a district-scoped dispatcher reaches only their district's incidents (others answer 404).
 */
public final class IncidentLog {

    private static final int MAX_TEXT = 4000;

    private final Jdbc jdbc;

    public IncidentLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The narrative, oldest first. */
    public JsonArray notes(long incidentId, Optional<String> scope) {
        return jdbc.tx("reading the narrative of incident #" + incidentId, tx -> {
            requireIncident(tx, incidentId, scope);
            return tx.array("SELECT id, at, author, kind, text FROM incident_note WHERE incident_id = ? ORDER BY at, id", incidentId);
        });
    }

    /** Appends a dispatcher's entry; returns it with the time the server gave it. */
    public JsonObject append(long incidentId, Object text, String actor, Optional<String> scope) {
        String entry = text(text, "text");
        return jdbc.tx("writing to incident #" + incidentId, tx -> {
            requireIncident(tx, incidentId, scope);
            JsonObject note = insert(tx, incidentId, actor, "NOTE", entry);
            tx.update("UPDATE incident SET updated_at = now() WHERE id = ?", incidentId);
            tx.audit(actor, "CREATE", "incident_note", note.getLong("id").toString(), null, note);
            return note;
        });
    }

    /** Closes an open incident with the reason written into the narrative. */
    public JsonObject close(long incidentId, Object reason, String actor, Optional<String> scope) {
        return changeStatus(incidentId, text(reason, "reason"), actor, scope, true);
    }

    /** Reopens a closed incident (back to NEW, to be dispatched again) with the reason in the narrative. */
    public JsonObject reopen(long incidentId, Object reason, String actor, Optional<String> scope) {
        return changeStatus(incidentId, text(reason, "reason"), actor, scope, false);
    }

    private JsonObject changeStatus(long incidentId, String reason, String actor, Optional<String> scope, boolean closing) {
        return jdbc.tx((closing ? "closing" : "reopening") + " incident #" + incidentId, tx -> {
            JsonObject before = tx.row(Incidents.VIEW + " WHERE i.id = ?" + Incidents.IN_SCOPE + " FOR UPDATE OF i",
                    incidentId, scope, scope).orElseThrow(() -> ApiException.notFound("incident #" + incidentId));
            boolean closed = "CLOSED".equals(before.getString("status"));
            if (closing == closed) {
                throw new ApiException(409, "incident #" + incidentId + (closed ? " is already closed" : " is not closed"));
            }
            tx.update(closing
                    ? "UPDATE incident SET status = 'CLOSED', closed_at = now(), updated_at = now() WHERE id = ?"
                    : "UPDATE incident SET status = 'NEW', closed_at = NULL, updated_at = now() WHERE id = ?", incidentId);
            insert(tx, incidentId, actor, closing ? "CLOSED" : "REOPENED", reason);
            JsonObject after = tx.row(Incidents.VIEW + " WHERE i.id = ?", incidentId).orElseThrow();
            tx.audit(actor, "UPDATE", "incident", Long.toString(incidentId), before, after.copy().put("reason", reason));
            return after;
        });
    }

    /** Incidents with a call from {@code phone} (digits as dialled; a leading + and spaces are ignored), newest first. */
    public JsonArray byPhone(String phone, Optional<String> scope) {
        if (phone == null) {
            return new JsonArray(); // nothing asked, nothing found
        }
        String digits = phone.replaceAll("[\\s+()-]", "");
        if (!digits.matches("[0-9*#]{3,32}")) {
            throw new BadRequestException("'phone' must be 3 to 32 digits");
        }
        return jdbc.tx("finding incidents by phone", tx -> tx.array(Incidents.VIEW
                + " WHERE i.id IN (SELECT c.incident_id FROM call c WHERE c.caller_number IN (?, ?) AND c.incident_id IS NOT NULL)"
                + Incidents.IN_SCOPE + " ORDER BY (i.status = 'CLOSED'), i.created_at DESC LIMIT 200", digits, "+" + digits, scope, scope));
    }

    private static JsonObject insert(Tx tx, long incidentId, String actor, String kind, String text) throws SQLException {
        long id = tx.one("INSERT INTO incident_note (incident_id, author, kind, text) VALUES (?, ?, ?, ?) RETURNING id",
                rs -> rs.getLong(1), incidentId, actor, kind, text).orElseThrow();
        return tx.row("SELECT id, at, author, kind, text FROM incident_note WHERE id = ?", id).orElseThrow();
    }

    private static void requireIncident(Tx tx, long incidentId, Optional<String> scope) throws SQLException {
        if (!Incidents.exists(tx, incidentId, scope)) {
            throw ApiException.notFound("incident #" + incidentId);
        }
    }

    private static String text(Object value, String field) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw new BadRequestException("'" + field + "' is required: write what happened");
        }
        if (s.length() > MAX_TEXT) {
            throw new BadRequestException("'" + field + "' is longer than " + MAX_TEXT + " characters");
        }
        return s.strip();
    }
}
