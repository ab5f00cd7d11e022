package pe.centralunica.console.exchange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.notify.ChangeSignal;
import pe.centralunica.exchange.webhook.Backoff;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The node's webhook loop: fan out new incident changes, deliver what is due, then sleep until there is work.
 * Every node runs one; the outbox's locks keep them from sending a row twice at once or out of order. Stopping it
 * loses nothing: what was not delivered stays in the outbox for the next loop, here or on another node.
 *
 * <p>It sleeps on {@link #CHANNEL}, which the outbox triggers notify (V111: a change recorded for the agencies, a
 * transfer's EIDO queued, an endpoint set), until the first queued row is due for its (next) attempt, or — if none
 * is — for {@link #HEARD_CHECK}; with no agency endpoint at all, until a notification or the hourly prune. While
 * the node does not hear notifications it polls every {@code poll}, as it always did. A quiet node therefore costs
 * PostgreSQL nothing, and a change is delivered as soon as its transaction commits.
 */
public final class WebhookDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);

    /** The notification channel of the outbox triggers. */
    public static final String CHANNEL = "cu_exchange";
    /** While notifications are heard and an endpoint exists, a look this often anyway (a missed one costs no more). */
    static final Duration HEARD_CHECK = Duration.ofSeconds(30);
    /** Shortest time between two passes that found nothing to do (a change waits at most this for its pass). */
    static final Duration GATHER = Duration.ofMillis(50);
    private static final Duration DUE_RECHECK = Duration.ofMillis(200);

    /**
     * CU_EXCHANGE_POLL_MS (how often to look while notifications are not heard), CU_EXCHANGE_RETRY_BASE_MS, CU_EXCHANGE_RETRY_MAX_MS, CU_EXCHANGE_TIMEOUT_MS,
     * CU_EXCHANGE_OUTBOX_RETENTION_DAYS (delivered rows are kept this long: the record of what each agency was sent).
     */
    public record Settings(Duration poll, Backoff backoff, Duration timeout, Duration outboxRetention) {
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(500), new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)), Duration.ofSeconds(5),
                    Duration.ofDays(30));
        }
    }

    /** How often a node prunes the outbox, and how many rows each of its transactions deletes. */
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final int PRUNE_BATCH = 1_000;

    private final Outbox outbox;
    private final Outbox.Sender sender;
    private final Settings settings;
    private final ChangeSignal changes;
    private final Thread thread;
    private volatile boolean running = true;
    private long failuresLogged;
    private long nextPruneNanos = System.nanoTime();

    private WebhookDelivery(Outbox outbox, Outbox.Sender sender, Settings settings, ChangeSignal changes) {
        this.outbox = outbox;
        this.sender = sender;
        this.settings = settings;
        this.changes = changes;
        this.thread = Thread.ofVirtual().name("webhook-delivery").unstarted(this::loop);
    }

    public static WebhookDelivery start(Outbox outbox, Outbox.Sender sender, Settings settings, ChangeSignal changes) {
        WebhookDelivery d = new WebhookDelivery(outbox, sender, settings, changes);
        d.thread.start();
        return d;
    }

    private void loop() {
        long seen = changes.generation(); // read before each pass: a notification during it is not missed
        while (running) {
            try {
                long passStarted = System.nanoTime();
                if (pass()) {
                    seen = changes.generation();
                    continue;
                }
                if (changes.generation() == seen) {
                    seen = changes.awaitAfter(seen, nextLook());
                } else {
                    seen = changes.generation();
                }
                // Every committed change notifies: a burst is taken in one pass, at most one pass per GATHER.
                long left = GATHER.toNanos() - (System.nanoTime() - passStarted);
                if (left > 0) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database is away or a row is bad: everything stays in the outbox; try again after a pause.
                if (failuresLogged++ % 60 == 0) {
                    LOG.warn("Webhook delivery paused, will retry: {}", e.getMessage());
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(Math.max(1_000, settings.poll().toMillis()));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** One fan-out, delivery and (hourly) prune; true when it did work and more may be waiting. */
    private boolean pass() {
        boolean busy = outbox.fanOut(200) > 0;
        // A small batch: rows stay locked (and a pool connection held) while their POSTs run.
        busy |= outbox.deliverDue(5, sender, settings.backoff()) > 0;
        if (System.nanoTime() - nextPruneNanos >= 0) {
            nextPruneNanos = System.nanoTime() + PRUNE_EVERY.toNanos();
            Outbox.Pruned pruned = outbox.prune(settings.outboxRetention(), PRUNE_BATCH);
            if (pruned.deliveredRows() > 0) {
                LOG.info("Webhook outbox pruned: {} delivered rows and {} incident changes older than {} days",
                        pruned.deliveredRows(), pruned.changes(), settings.outboxRetention().toDays());
            }
        }
        return busy;
    }

    /** How long to sleep when nothing more can be done now (a notification cuts it short). */
    private Duration nextLook() {
        if (!changes.listening()) {
            return settings.poll();
        }
        Duration untilPrune = Duration.ofNanos(Math.max(0, nextPruneNanos - System.nanoTime()));
        Outbox.Pending pending = outbox.pending();
        if (pending.changesWaiting()) {
            return settings.poll(); // another node is fanning them out; look again soon
        }
        Duration wait = pending.endpoints() ? min(HEARD_CHECK, untilPrune) : untilPrune;
        if (pending.nextDueIn().isPresent()) {
            Duration due = pending.nextDueIn().get();
            // Due already: it fell due since this pass looked, or another node holds it (its POST runs). Look again
            // soon, not at once (no spinning on a row held elsewhere) and not a whole poll later.
            wait = min(wait, due.isZero() ? min(settings.poll(), DUE_RECHECK) : due);
        }
        return wait;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
