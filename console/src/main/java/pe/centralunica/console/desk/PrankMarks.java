package pe.centralunica.console.desk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.console.http.ApiException;
import pe.centralunica.console.http.BadRequestException;
import pe.centralunica.console.store.Jdbc;

import java.time.Duration;

/**
 * Prank marks as a supervisor reviews them: each with the day it stops counting (marks older than the IVR's
 * window no longer flag anyone), and removal of a wrong one — audited, with the reason — after which the IVR no
 * longer counts it, so the caller's next call is routed as anyone's.
 */
public final class PrankMarks {

    private final Jdbc jdbc;
    private final Duration window;

    /** {@code window}: how far back the IVR counts marks (IvrSettings#prankWindow). */
    public PrankMarks(Jdbc jdbc, Duration window) {
        this.jdbc = jdbc;
        this.window = window;
    }

    /** The marks of a number, counting or expired, and the ones removed (with who, when and why). */
    public JsonObject of(String callerNumber) {
        String number = number(callerNumber);
        return jdbc.tx("reading prank marks", tx -> new JsonObject()
                .put("callerNumber", number)
                .put("marks", tx.array("SELECT id, call_id AS \"callId\", marked_by AS \"markedBy\", marked_at AS \"markedAt\","
                        + " marked_at + make_interval(secs => ?) AS \"expiresAt\", marked_at + make_interval(secs => ?) > now() AS counting"
                        + " FROM caller_mark WHERE caller_number = ? ORDER BY marked_at DESC", window.toSeconds(), window.toSeconds(), number))
                .put("removed", tx.array("SELECT id, call_id AS \"callId\", marked_by AS \"markedBy\", marked_at AS \"markedAt\","
                        + " removed_by AS \"removedBy\", removed_at AS \"removedAt\", reason FROM caller_mark_removed"
                        + " WHERE caller_number = ? ORDER BY removed_at DESC", number)));
    }

    /** Removes a mark with the reason; the call stops counting as a prank. */
    public JsonObject remove(long markId, Object reason, String actor) {
        if (!(reason instanceof String why) || why.isBlank() || why.length() > 1000) {
            throw new BadRequestException("'reason' is required (up to 1000 characters): why the mark was wrong");
        }
        return jdbc.tx("removing prank mark #" + markId, tx -> {
            JsonObject before = tx.row("SELECT id, caller_number AS \"callerNumber\", call_id AS \"callId\", kind, marked_by AS \"markedBy\","
                    + " marked_at AS \"markedAt\" FROM caller_mark WHERE id = ? FOR UPDATE", markId)
                    .orElseThrow(() -> ApiException.notFound("prank mark #" + markId));
            tx.update("INSERT INTO caller_mark_removed (id, caller_number, call_id, kind, marked_by, marked_at, removed_by, reason)"
                    + " SELECT id, caller_number, call_id, kind, marked_by, marked_at, ?, ? FROM caller_mark WHERE id = ?", actor, why.strip(), markId);
            tx.update("DELETE FROM caller_mark WHERE id = ?", markId);
            if (before.getString("callId") != null) {
                java.util.UUID call = java.util.UUID.fromString(before.getString("callId"));
                tx.update("UPDATE call SET prank = false WHERE id = ?", call);
                Calls.appendEvent(tx, call, "NOTE", new JsonObject().put("prankMarkRemoved", "true").put("by", actor).put("reason", why.strip()));
            }
            JsonObject after = before.copy().put("removedBy", actor).put("reason", why.strip());
            tx.audit(actor, "DELETE", "caller_mark", Long.toString(markId), before, after);
            return after;
        });
    }

    private static String number(String callerNumber) {
        String digits = callerNumber == null ? "" : callerNumber.replaceAll("[\\s()-]", "");
        if (!digits.matches("\\+?[0-9*#]{3,32}")) {
            throw new BadRequestException("'caller' must be 3 to 32 digits");
        }
        return digits;
    }

    /** For listings: how many marks of a number count now. */
    public JsonArray flagged(int limit) {
        return jdbc.tx("listing flagged callers", tx -> tx.array("SELECT caller_number AS \"callerNumber\", count(*) AS marks,"
                + " max(marked_at) AS \"lastMarkedAt\" FROM caller_mark WHERE marked_at > now() - make_interval(secs => ?)"
                + " GROUP BY caller_number ORDER BY max(marked_at) DESC LIMIT ?", window.toSeconds(), limit));
    }
}
