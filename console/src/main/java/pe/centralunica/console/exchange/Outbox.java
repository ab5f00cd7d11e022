package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonObject;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.console.store.Tx;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The webhook outbox in PostgreSQL. {@link #fanOut} turns recorded incident changes into one row per interested
 * agency (one node at a time, under an advisory lock, so row ids follow the order of the snapshots);
 * {@link #deliverDue} hands each (agency, incident)'s oldest undelivered row — and only that one, so never out
 * of order — to a sender while holding its row lock, so two nodes never send the same row at once; {@link #prune}
 * deletes what was delivered long enough ago.
 */
final class Outbox {

    /** A row to send. */
    public record Delivery(long id, UUID eventId, String agency, long incidentId, String kind, String url, String secret,
                           String body, int attempts) {
    }

    /** What a send attempt came to. */
    public sealed interface Sent {
        record Accepted() implements Sent {
        }

        record Failed(String reason) implements Sent {
        }
    }

    public interface Sender {
        Sent send(Delivery delivery);
    }

    private static final long FAN_OUT_LOCK = 0x43555f4f5554L; // "CU_OUT"

    private final Jdbc jdbc;
    private final EidoExport eido;

    public Outbox(Jdbc jdbc, EidoExport eido) {
        this.jdbc = jdbc;
        this.eido = eido;
    }

    /** Fans out pending changes; returns how many changes were handled (0 when another node is at it). */
    public int fanOut(int limit) {
        return jdbc.tx("fanning out incident changes to agencies", tx -> {
            if (!tx.one("SELECT pg_try_advisory_xact_lock(?)", rs -> rs.getBoolean(1), FAN_OUT_LOCK).orElse(false)) {
                return 0;
            }
            record Change(long id, long incident) {
            }
            List<Change> changes = tx.list("SELECT id, incident_id FROM exchange_change WHERE fanned_out_at IS NULL ORDER BY id LIMIT ?",
                    rs -> new Change(rs.getLong(1), rs.getLong(2)), limit);
            for (Change c : changes) {
                List<String> agencies = tx.list("SELECT e.agency_code FROM agency_endpoint e JOIN incident i ON i.id = ?"
                        + " WHERE e.enabled AND" + AgencyScope.visibleTo("e.agency_code")
                        + " ORDER BY e.agency_code", rs -> rs.getString(1), c.incident());
                if (!agencies.isEmpty()) {
                    Optional<JsonObject> snapshot = eido.eidoJson(tx, c.incident());
                    for (String agency : agencies) {
                        enqueue(tx, agency, c.incident(), c.id(), "CHANGE", snapshot.orElseThrow());
                    }
                }
                tx.update("UPDATE exchange_change SET fanned_out_at = now() WHERE id = ?", c.id());
            }
            return changes.size();
        });
    }

    /**
     * What the outbox holds for the delivery loop to wait on: whether any agency has an enabled endpoint, how long
     * until the first row that is next in line for its (agency, incident) is due (zero when due now; measured on
     * the database's clock, which set it), and whether changes wait to be fanned out.
     */
    public record Pending(boolean endpoints, Optional<Duration> nextDueIn, boolean changesWaiting) {
    }

    public Pending pending() {
        return jdbc.tx("looking at the webhook outbox", tx -> tx.one("""
                SELECT EXISTS (SELECT 1 FROM agency_endpoint WHERE enabled),
                       (SELECT ceil(extract(epoch FROM min(o.next_attempt_at) - now()) * 1000)::bigint
                          FROM exchange_outbox o JOIN agency_endpoint e ON e.agency_code = o.agency_code AND e.enabled
                         WHERE o.delivered_at IS NULL
                           AND NOT EXISTS (SELECT 1 FROM exchange_outbox p WHERE p.agency_code = o.agency_code
                                              AND p.incident_id = o.incident_id AND p.delivered_at IS NULL AND p.id < o.id)),
                       EXISTS (SELECT 1 FROM exchange_change WHERE fanned_out_at IS NULL)""",
                rs -> {
                    long dueMs = rs.getLong(2);
                    // NULL when nothing waits (and not 0: greatest() would skip a NULL and say "due now").
                    Optional<Duration> due = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.max(0, dueMs)));
                    return new Pending(rs.getBoolean(1), due, rs.getBoolean(3));
                }).orElseThrow());
    }

    /** What one pruning pass deleted. */
    public record Pruned(int deliveredRows, int changes) {
    }

    /**
     * Deletes rows delivered more than {@code retention} ago, {@code batch} at a time (one short transaction each, so
     * delivery is never held up), then the changes that were fanned out as long ago and no row refers to any more.
     * Undelivered rows are never touched, and what is left keeps its order: delivery takes the oldest undelivered row
     * per (agency, incident), and the ids (the receivers' {@code sequence}) are never reused.
     */
    public Pruned prune(Duration retention, int batch) {
        int rows = 0;
        int deleted;
        do {
            deleted = jdbc.tx("pruning delivered webhooks", tx -> tx.update("""
                    DELETE FROM exchange_outbox WHERE id IN (
                        SELECT id FROM exchange_outbox WHERE delivered_at < now() - ? * interval '1 millisecond'
                         ORDER BY delivered_at LIMIT ? FOR UPDATE SKIP LOCKED)""", retention.toMillis(), batch));
            rows += deleted;
        } while (deleted == batch);
        int changes = 0;
        do {
            deleted = jdbc.tx("pruning fanned-out incident changes", tx -> tx.update("""
                    DELETE FROM exchange_change WHERE id IN (
                        SELECT c.id FROM exchange_change c WHERE c.fanned_out_at < now() - ? * interval '1 millisecond'
                           AND NOT EXISTS (SELECT 1 FROM exchange_outbox o WHERE o.change_id = c.id)
                         ORDER BY c.fanned_out_at LIMIT ? FOR UPDATE SKIP LOCKED)""", retention.toMillis(), batch));
            changes += deleted;
        } while (deleted == batch);
        return new Pruned(rows, changes);
    }

    /** Queues a message outside the change stream (a transfer's EIDO sent ahead of the caller); returns its row id. */
    public long enqueue(Tx tx, String agency, long incident, Long changeId, String kind, JsonObject eidoMessage) throws SQLException {
        UUID eventId = UUID.randomUUID();
        JsonObject body = new JsonObject().put("eventId", eventId.toString()).put("kind", kind).put("incidentId", incident)
                .put("eido", eidoMessage);
        long id = tx.one("INSERT INTO exchange_outbox (event_id, agency_code, incident_id, change_id, kind, payload)"
                        + " VALUES (?, ?, ?, ?, ?, ?::jsonb) RETURNING id", rs -> rs.getLong(1),
                eventId, agency, incident, changeId, kind, body.encode()).orElseThrow();
        // The sequence lets a receiver order messages per incident; it is the outbox row id, increasing per incident.
        tx.update("UPDATE exchange_outbox SET payload = payload || jsonb_build_object('sequence', id) WHERE id = ?", id);
        return id;
    }

    /** Sends up to {@code limit} due rows; returns how many were accepted. */
    public int deliverDue(int limit, Sender sender, pe.centralunica.exchange.webhook.Backoff backoff) {
        return deliver(null, limit, sender, backoff);
    }

    /** Sends row {@code id} if it is due and first in line for its agency and incident; true when accepted. */
    public boolean deliverNow(long id, Sender sender, pe.centralunica.exchange.webhook.Backoff backoff) {
        return deliver(id, 1, sender, backoff) == 1;
    }

    private int deliver(Long only, int limit, Sender sender, pe.centralunica.exchange.webhook.Backoff backoff) {
        return jdbc.tx("delivering webhooks", tx -> {
            List<Delivery> due = tx.list("""
                    SELECT o.id, o.event_id, o.agency_code, o.incident_id, o.kind, e.url, e.secret, o.payload::text, o.attempts
                      FROM exchange_outbox o JOIN agency_endpoint e ON e.agency_code = o.agency_code AND e.enabled
                     WHERE o.delivered_at IS NULL AND o.next_attempt_at <= now() AND (?::bigint IS NULL OR o.id = ?::bigint)
                       AND NOT EXISTS (SELECT 1 FROM exchange_outbox p WHERE p.agency_code = o.agency_code
                                          AND p.incident_id = o.incident_id AND p.delivered_at IS NULL AND p.id < o.id)
                     ORDER BY o.id LIMIT ? FOR UPDATE OF o SKIP LOCKED""",
                    rs -> new Delivery(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9)), only, only, limit);
            int accepted = 0;
            for (Delivery d : due) {
                switch (sender.send(d)) {
                    case Sent.Accepted a -> {
                        tx.update("UPDATE exchange_outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL"
                                + " WHERE id = ?", d.id());
                        accepted++;
                    }
                    case Sent.Failed f -> {
                        Duration wait = backoff.after(d.attempts() + 1);
                        tx.update("UPDATE exchange_outbox SET attempts = attempts + 1, last_error = ?,"
                                + " next_attempt_at = now() + ? * interval '1 millisecond' WHERE id = ?",
                                f.reason().length() > 500 ? f.reason().substring(0, 500) : f.reason(), wait.toMillis(), d.id());
                    }
                }
            }
            return accepted;
        });
    }
}
