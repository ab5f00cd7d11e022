package pe.centralunica.console.exchange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.exchange.webhook.Backoff;

import java.time.Duration;
import java.util.Optional;

/**
 * Before a dispatcher's transfer moves the caller, the incident's EIDO goes to the receiving agency's webhook, so
 * its screen pops with everything known when the phone rings. It waits at most {@code patience} for the agency
 * to accept: a caller is never held for an agency's server; past that the message stays queued in the outbox.
 */
public final class TransferAhead {

    private static final Logger LOG = LoggerFactory.getLogger(TransferAhead.class);

    /** What became of the EIDO sent ahead. */
    public enum Outcome { DELIVERED, QUEUED, NO_WEBHOOK }

    private final Jdbc jdbc;
    private final EidoExport eido;
    private final Outbox outbox;
    private final Outbox.Sender sender;
    private final Backoff backoff;
    private final Duration patience;

    public TransferAhead(Jdbc jdbc, EidoExport eido, Outbox outbox, Outbox.Sender sender, Backoff backoff, Duration patience) {
        this.jdbc = jdbc;
        this.eido = eido;
        this.outbox = outbox;
        this.sender = sender;
        this.backoff = backoff;
        this.patience = patience;
    }

    public Outcome send(long incidentId, String targetCode) {
        Optional<Long> row = jdbc.tx("queueing the EIDO ahead of a transfer", tx -> {
            Optional<String> agency = tx.one("SELECT rt.agency_code FROM route_target rt JOIN agency_endpoint e"
                    + " ON e.agency_code = rt.agency_code AND e.enabled WHERE rt.code = ?", rs -> rs.getString(1), targetCode);
            if (agency.isEmpty()) {
                return Optional.empty();
            }
            return eido.eidoJson(tx, incidentId).map(m -> {
                try {
                    return outbox.enqueue(tx, agency.get(), incidentId, null, "TRANSFER", m);
                } catch (java.sql.SQLException e) {
                    throw new pe.centralunica.db.DataAccessException("queueing a transfer's EIDO", e);
                }
            });
        });
        if (row.isEmpty()) {
            return Outcome.NO_WEBHOOK;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            // Only this row (it waits behind the incident's earlier undelivered ones): a caller is never held
            // while other incidents' messages are sent.
            outbox.deliverNow(row.get(), sender, backoff);
            if (jdbc.tx("checking a transfer's EIDO", tx -> tx.one("SELECT delivered_at IS NOT NULL FROM exchange_outbox WHERE id = ?",
                    rs -> rs.getBoolean(1), row.get())).orElse(false)) {
                return Outcome.DELIVERED;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.warn("Incident #{}: the EIDO for transfer target {} was not accepted within {} ms; transferring anyway, it stays queued",
                incidentId, targetCode, patience.toMillis());
        return Outcome.QUEUED;
    }
}
