package pe.centralunica.router.live;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AMI call tracking of one Asterisk server by whichever node holds its {@link AmiLease}: each node of a cluster runs
 * one of these per Asterisk; the holder tracks (a fresh {@link AmiCallTracker}, which resyncs from Asterisk's
 * channel and queue lists as it connects), the others wait and take over once the holder lets the lease expire.
 *
 * <h2>Fencing</h2>
 * A holder stops tracking as soon as a renewal is refused (the lease expired or changed hands) and, before even
 * asking PostgreSQL, when it finds it was not running for longer than the lease lasts (it was frozen: SIGSTOP, a
 * stalled VM). Between its waking and that check it may still write a step or two: the journal's deterministic
 * event ids make those the same rows the new holder writes, so nothing is doubled.
 *
 * <h2>Takeover</h2>
 * A holder that dies may leave its last steps unshipped in its own spool (shipped when it restarts, if ever). The
 * node that takes over therefore starts its tracker with a moment {@code ttl} + {@value #TAKEOVER_MARGIN_S} s back:
 * its first resync fills in, from Asterisk's logs, the queue steps since then that are not on record.
 *
 * <h2>PostgreSQL unreachable</h2>
 * A holder that cannot reach PostgreSQL keeps tracking (the journal spools to disk meanwhile): nobody can take the
 * lease from it without PostgreSQL either, and a node cut off alone only duplicates rows that are upserted once.
 */
public final class LeasedCallTracking implements LiveCalls, CallControl, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeasedCallTracking.class);

    private final AmiLease lease;
    /** Seconds before the previous holder's last possible renewal that a takeover checks (its unshipped tail, clock skew). */
    static final int TAKEOVER_MARGIN_S = 10;

    private final Function<Optional<Instant>, AmiCallTracker> trackers;
    private final Duration ttl;
    private final Duration renewEvery;
    private final Duration retryEvery;
    private final List<Consumer<LiveCall>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> dispatcherListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong acquisitions = new AtomicLong();
    /**
     * Counts of the trackers of earlier holding periods, and the tracker whose counts are not in them yet (it stays
     * here until closed, after {@link #current} let it go): this node's counters never go backwards.
     */
    private final Object counts = new Object();
    private long pastEvents;
    private long pastDropped;
    private long pastReconciled;
    private AmiCallTracker counting;
    private final Thread loop;
    private volatile Optional<AmiCallTracker> current = Optional.empty();
    private volatile boolean closed;
    private long epoch;
    private boolean databaseWarned;

    /**
     * @param trackers   makes and starts a new tracker (one per holding period: a tracker is not restartable); given,
     *                   when this node takes over from another, the moment from which the tracker must check
     *                   what the previous holder recorded (see "Takeover")
     * @param ttl        the lease's lifetime, for the frozen-holder check
     * @param renewEvery how often the holder renews (well under {@code ttl})
     * @param retryEvery how often a standby node tries to take the lease
     */
    public LeasedCallTracking(AmiLease lease, Function<Optional<Instant>, AmiCallTracker> trackers, Duration ttl, Duration renewEvery,
                              Duration retryEvery) {
        if (renewEvery.multipliedBy(2).compareTo(ttl) > 0) {
            throw new IllegalArgumentException("renew the lease at least twice per lifetime (" + renewEvery + " vs " + ttl + ")");
        }
        this.lease = lease;
        this.trackers = trackers;
        this.ttl = ttl;
        this.renewEvery = renewEvery;
        this.retryEvery = retryEvery;
        this.loop = Thread.ofPlatform().name("ami-lease-" + lease.asteriskId()).daemon().unstarted(this::run);
    }

    public LeasedCallTracking start() {
        loop.start();
        return this;
    }

    /** Whether this node tracks the Asterisk now. */
    public boolean holding() {
        return current.isPresent();
    }

    /** The tracker of this holding period, if this node holds the lease. */
    public Optional<AmiCallTracker> tracker() {
        return current;
    }

    /** How often this node took the lease since start (1 for the first holder; +1 per takeover). */
    public long acquisitions() {
        return acquisitions.get();
    }

    /** AMI events this node received while holding the lease (all holding periods). */
    public long eventsReceived() {
        synchronized (counts) {
            return pastEvents + (counting == null ? 0 : counting.eventsReceived());
        }
    }

    /** AMI events this node dropped because its tracker fell a whole inbox behind (all holding periods). */
    public long eventsDropped() {
        synchronized (counts) {
            return pastDropped + (counting == null ? 0 : counting.eventsDropped());
        }
    }

    /** Queue steps written from Asterisk's queue log after gaps and takeovers (all holding periods). */
    public long reconciledSteps() {
        synchronized (counts) {
            return pastReconciled + (counting == null ? 0 : counting.reconciledSteps());
        }
    }

    /** Events waiting for the current tracker's thread (0 while another node tracks). */
    public int inboxDepth() {
        return current.map(AmiCallTracker::inboxDepth).orElse(0);
    }

    public AmiLease lease() {
        return lease;
    }

    private void run() {
        long lastRenewed = System.nanoTime();
        while (!closed) {
            try {
                if (current.isPresent()) {
                    if (System.nanoTime() - lastRenewed > ttl.toNanos()) {
                        log.warn("AMI tracking of {} stopped: this node was not running for longer than its lease ({} ms);"
                                + " another node may track it now", lease.asteriskId(), ttl.toMillis());
                        stopTracking();
                        continue;
                    }
                    if (lease.renew(epoch)) {
                        lastRenewed = System.nanoTime();
                        databaseReached();
                        sleep(renewEvery);
                    } else {
                        log.warn("AMI tracking of {} stopped: the lease expired or another node took it", lease.asteriskId());
                        stopTracking();
                    }
                } else {
                    Optional<Long> taken = lease.tryAcquire();
                    databaseReached();
                    if (taken.isPresent()) {
                        epoch = taken.get();
                        lastRenewed = System.nanoTime();
                        startTracking(epoch > 1 ? Optional.of(Instant.now().minus(ttl).minusSeconds(TAKEOVER_MARGIN_S))
                                : Optional.empty());
                    } else {
                        sleep(retryEvery);
                    }
                }
            } catch (SQLException e) {
                if (!databaseWarned) {
                    databaseWarned = true;
                    log.warn("AMI tracking lease of {}: PostgreSQL unreachable ({}); {}", lease.asteriskId(), e.getMessage(),
                            current.isPresent() ? "still tracking meanwhile" : "not tracking until it answers");
                }
                if (current.isPresent()) {
                    lastRenewed = System.nanoTime(); // keep tracking: see the class comment
                }
                sleep(retryEvery);
            } catch (RuntimeException e) {
                log.error("AMI tracking lease step failed", e);
                sleep(retryEvery);
            }
        }
    }

    private void databaseReached() {
        if (databaseWarned) {
            databaseWarned = false;
            log.info("AMI tracking lease of {}: PostgreSQL answers again", lease.asteriskId());
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private void startTracking(Optional<Instant> takeoverFrom) {
        AmiCallTracker tracker = trackers.apply(takeoverFrom);
        tracker.onChange(call -> listeners.forEach(l -> l.accept(call)));
        tracker.onDispatchersChange(() -> dispatcherListeners.forEach(Runnable::run));
        synchronized (counts) {
            counting = tracker;
        }
        current = Optional.of(tracker);
        acquisitions.incrementAndGet();
        log.info("AMI tracking of {}: this node ({}) holds the lease (epoch {}); connecting and resyncing", lease.asteriskId(),
                lease.holder(), epoch);
    }

    private void stopTracking() {
        Optional<AmiCallTracker> was = current;
        current = Optional.empty();
        was.ifPresent(t -> {
            List<LiveCall> shown = t.active();
            t.close();
            synchronized (counts) {
                pastEvents += t.eventsReceived();
                pastDropped += t.eventsDropped();
                pastReconciled += t.reconciledSteps();
                counting = null;
            }
            // Consoles refresh: these calls are no longer this node's to show (the new holder shows them).
            shown.forEach(c -> listeners.forEach(l -> l.accept(c)));
            dispatcherListeners.forEach(Runnable::run);
        });
    }

    // ---- LiveCalls: the current tracker's, or nothing while another node tracks ----

    @Override
    public List<LiveCall> active() {
        return current.map(AmiCallTracker::active).orElse(List.of());
    }

    @Override
    public Optional<LiveCall> connectedTo(String memberInterface) {
        return current.flatMap(t -> t.connectedTo(memberInterface));
    }

    @Override
    public List<DispatcherState> dispatchers() {
        return current.map(AmiCallTracker::dispatchers).orElse(List.of());
    }

    @Override
    public void onChange(Consumer<LiveCall> listener) {
        listeners.add(listener);
    }

    @Override
    public void onDispatchersChange(Runnable listener) {
        dispatcherListeners.add(listener);
    }

    @Override
    public boolean connected() {
        return current.map(AmiCallTracker::connected).orElse(false);
    }

    // ---- CallControl ----

    @Override
    public CompletableFuture<Void> transfer(String uniqueid, String targetCode, long incidentId) {
        return current.map(t -> t.transfer(uniqueid, targetCode, incidentId)).orElseGet(this::notHolding);
    }

    @Override
    public CompletableFuture<Void> callBack(String memberInterface, String number, long incidentId) {
        return current.map(t -> t.callBack(memberInterface, number, incidentId)).orElseGet(this::notHolding);
    }

    private CompletableFuture<Void> notHolding() {
        return CompletableFuture.failedFuture(new AmiUnavailableException("another node tracks " + lease.asteriskId() + " now"));
    }

    /** Stops tracking and lets the lease go at once, so another node takes over without waiting for it to expire. */
    @Override
    public void close() {
        closed = true;
        loop.interrupt();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean held = current.isPresent();
        stopTracking();
        if (held) {
            try {
                lease.release(epoch);
                log.info("AMI tracking lease of {} released", lease.asteriskId());
            } catch (SQLException e) {
                log.warn("AMI tracking lease of {} not released ({}); another node takes over once it expires",
                        lease.asteriskId(), e.getMessage());
            }
        }
    }
}
