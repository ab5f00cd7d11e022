package pe.centralunica.router.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.notify.ChangeSignal;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.RoutingTable;
import pe.centralunica.router.rules.InvalidRuleSetException;
import pe.centralunica.router.rules.Problem;
import pe.centralunica.router.rules.RuleSet;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps a {@link LiveRouter} on the stored routing version: checks the version (one tiny query) when PostgreSQL
 * announces a change on {@link #CHANNEL} (the version trigger notifies, V110) — or every interval while nobody
 * listens — and when it moved loads the rules, compiles them and swaps the table in. A rule set that does not
 * validate, or a database that cannot be read, leaves the current table in place and is logged once per
 * version/outage: calls keep being routed with the last good rules.
 */
public final class RuleReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuleReloader.class);
    /** The notification channel routing_state's version trigger announces each new version on. */
    public static final String CHANNEL = "cu_routing";
    /** While notifications are heard, a check this often anyway (belt and braces: costs one query a minute). */
    static final Duration HEARD_CHECK = Duration.ofMinutes(1);

    /** What one check did. */
    public sealed interface Outcome {
        /** The table already had the stored version. */
        record Unchanged(long version) implements Outcome {
        }

        record Installed(long version, int rules, List<Problem> warnings) implements Outcome {
        }

        /** The stored rules are invalid; the router keeps {@code keptVersion}. */
        record Rejected(long version, long keptVersion, List<Problem> problems) implements Outcome {
        }

        /** The database could not be read; the router keeps {@code keptVersion}. */
        record Unavailable(long keptVersion, String reason) implements Outcome {
        }
    }

    private final RuleRepository repository;
    private final LiveRouter router;
    private final ZoneId zone;
    private Thread thread;
    private volatile boolean closed;
    private long rejectedVersion = -1;
    private boolean unavailable;

    public RuleReloader(RuleRepository repository, LiveRouter router) {
        this(repository, router, RoutingTable.LIMA);
    }

    public RuleReloader(RuleRepository repository, LiveRouter router, ZoneId zone) {
        this.repository = repository;
        this.router = router;
        this.zone = zone;
    }

    /** Checks once now (also used by tests and right after an admin change on this node). */
    public synchronized Outcome checkNow() {
        long kept = router.current().version();
        try {
            long stored = repository.currentVersion();
            if (stored == kept) {
                return recovered(new Outcome.Unchanged(kept));
            }
            if (stored == rejectedVersion) {
                return recovered(new Outcome.Rejected(stored, kept, List.of()));
            }
            RuleSet set = repository.load();
            if (set.version() == kept) {
                return recovered(new Outcome.Unchanged(kept));
            }
            try {
                RoutingTable table = RoutingTable.compile(set, zone);
                router.install(table);
                LOG.info("routing table version {} installed: {} enabled rules{}", set.version(), table.ruleCount(),
                        table.warnings().isEmpty() ? "" : "; warnings: " + messages(table.warnings()));
                return recovered(new Outcome.Installed(set.version(), table.ruleCount(), table.warnings()));
            } catch (InvalidRuleSetException e) {
                rejectedVersion = set.version();
                LOG.error("routing rules version {} refused, still routing with version {}: {}", set.version(), kept,
                        messages(e.problems().stream().filter(Problem::isError).toList()));
                return recovered(new Outcome.Rejected(set.version(), kept, e.problems()));
            }
        } catch (RuntimeException e) {
            if (!unavailable) {
                LOG.warn("cannot read routing rules, still routing with version {}: {}", kept, e.getMessage());
                unavailable = true;
            }
            return new Outcome.Unavailable(kept, String.valueOf(e.getMessage()));
        }
    }

    private Outcome recovered(Outcome outcome) {
        if (unavailable) {
            LOG.info("routing rules readable again (version {})", router.current().version());
            unavailable = false;
        }
        return outcome;
    }

    /** Checks now, then every {@code interval} on one daemon thread (no notifications: tools and tests). */
    public void start(Duration interval) {
        start(interval, ChangeSignal.unheard(CHANNEL));
    }

    /**
     * Checks now, then on one daemon thread whenever {@code changes} fires, and at least every {@code interval} while
     * it is not listening (every {@link #HEARD_CHECK} while it is): an edit on any node reaches this one at once,
     * and within {@code interval} when notifications are lost.
     */
    public synchronized void start(Duration interval, ChangeSignal changes) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        long seen = changes.generation(); // before the check: a change announced during it is not missed
        checkNow();
        thread = Thread.ofPlatform().daemon().name("routing-reloader").start(() -> {
            long generation = seen;
            while (!closed) {
                try {
                    generation = changes.awaitAfter(generation, changes.patience(HEARD_CHECK, interval));
                } catch (InterruptedException e) {
                    return;
                }
                if (!closed) {
                    checkQuietly();
                }
            }
        });
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            // checkNow logs its own failures; never let the loop die
            LOG.warn("routing reload check failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }

    private static String messages(List<Problem> problems) {
        return problems.stream().map(Problem::message).collect(Collectors.joining("; "));
    }
}
