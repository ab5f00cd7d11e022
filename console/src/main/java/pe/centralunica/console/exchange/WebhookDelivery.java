package pe.centralunica.console.exchange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.exchange.webhook.Backoff;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The node's webhook loop: fan out new incident changes, deliver what is due, sleep, again. Every node runs one;
 * the outbox's locks keep them from sending a row twice at once or out of order. Stopping it loses nothing: what
 * was not delivered stays in the outbox for the next loop, here or on another node.
 */
public final class WebhookDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);

    /**
     * CU_EXCHANGE_POLL_MS, CU_EXCHANGE_RETRY_BASE_MS, CU_EXCHANGE_RETRY_MAX_MS, CU_EXCHANGE_TIMEOUT_MS,
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
    private final Thread thread;
    private volatile boolean running = true;
    private long failuresLogged;
    private long nextPruneNanos = System.nanoTime();

    private WebhookDelivery(Outbox outbox, Outbox.Sender sender, Settings settings) {
        this.outbox = outbox;
        this.sender = sender;
        this.settings = settings;
        this.thread = Thread.ofVirtual().name("webhook-delivery").unstarted(this::loop);
    }

    public static WebhookDelivery start(Outbox outbox, Outbox.Sender sender, Settings settings) {
        WebhookDelivery d = new WebhookDelivery(outbox, sender, settings);
        d.thread.start();
        return d;
    }

    private void loop() {
        while (running) {
            try {
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
                if (!busy) {
                    TimeUnit.MILLISECONDS.sleep(settings.poll().toMillis());
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

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
