package pe.centralunica.db.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Moves spooled events into PostgreSQL on a background virtual thread: one transaction per batch, the
 * checkpoint advanced only after commit, shipped segments deleted. While PostgreSQL is unreachable it keeps
 * the batch and retries with capped backoff, logging once when the outage starts and once when the backlog
 * is shipped. An event PostgreSQL refuses on its own merits is stored without its call-row update, or as a
 * last resort set aside in {@code quarantine.log}, so one bad event never blocks the ones behind it.
 */
final class Shipper {

    private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
    /**
     * How long a caught-up shipper sleeps without a signal. The writer signals after each fsync, so this only bounds
     * a wake-up that was somehow missed; at idlePoll (200 ms) it woke an idle node five times a second (issue 16).
     */
    static final Duration CAUGHT_UP_LOOK = Duration.ofSeconds(5);

    private final SpoolDirectory dir;
    private final SpoolReader reader;
    private final Supplier<SpoolPosition> durableEnd;
    private final PostgresEventSink sink;
    private final JournalSettings settings;
    private final LongSupplier unshippedEvents;
    private final LongSupplier unshippedBytes;
    private final Consumer<SpoolPosition> checkpointed;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean signalled;
    private volatile boolean stopping;
    private volatile Instant stopDeadline = Instant.MAX;
    private Thread thread;

    private SpoolPosition checkpoint;
    private final AtomicLong consumedEvents = new AtomicLong();
    private final AtomicLong consumedBytes = new AtomicLong();
    private final AtomicLong shippedTotal = new AtomicLong();
    private volatile Instant oldestPendingAt;
    private volatile Instant outageSince;
    private volatile String lastError;
    private Instant recoveredFrom;
    private long shippedSinceRecovery;
    private boolean spoolWarned;

    Shipper(SpoolDirectory dir, SpoolPosition checkpoint, Supplier<SpoolPosition> durableEnd, PostgresEventSink sink,
            JournalSettings settings, LongSupplier unshippedEvents, LongSupplier unshippedBytes,
            Consumer<SpoolPosition> checkpointed) {
        this.dir = dir;
        this.checkpoint = checkpoint;
        this.reader = new SpoolReader(dir, checkpoint);
        this.durableEnd = durableEnd;
        this.sink = sink;
        this.settings = settings;
        this.unshippedEvents = unshippedEvents;
        this.unshippedBytes = unshippedBytes;
        this.checkpointed = checkpointed;
    }

    void start() {
        thread = Thread.ofVirtual().name("cu-journal-shipper").start(this::runSupervised);
    }

    private volatile String lastDeath;

    /** Ends only when stopped; anything unexpected is recorded, and {@link #faults} restarts the shipper. */
    private void runSupervised() {
        try {
            run();
        } catch (Throwable t) {
            lastDeath = t.toString();
            LOG.error("Journal shipper died; restarting it from the checkpoint on the next health check", t);
        }
    }

    /** Supervision: a shipper that ended while not stopping is reported and restarted from its checkpoint. */
    java.util.Optional<JournalFault> faults() {
        Thread t = thread;
        if (t == null || t.isAlive() || stopping) {
            return java.util.Optional.empty();
        }
        String death = String.valueOf(lastDeath);
        try {
            reader.moveTo(checkpoint); // replays are harmless: PostgreSQL ignores events it has
        } catch (IOException e) {
            LOG.warn("Rewinding the spool reader failed: {}", e.toString());
        }
        thread = Thread.ofVirtual().name("cu-journal-shipper").start(this::runSupervised);
        return java.util.Optional.of(new JournalFault.ShipperDead(death + "; restarted"));
    }

    /** New durable data: wake the shipper if it is idle. */
    void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    long consumedEvents() {
        return consumedEvents.get();
    }

    long consumedBytes() {
        return consumedBytes.get();
    }

    long shippedTotal() {
        return shippedTotal.get();
    }

    Instant oldestPendingAt() {
        return oldestPendingAt;
    }

    Instant outageSince() {
        return outageSince;
    }

    String lastError() {
        return lastError;
    }

    private void run() {
        SpoolReader.Batch pending = null;
        boolean pendingCommitted = false;
        Duration backoff = settings.minBackoff();
        while (!(stopping && Instant.now().isAfter(stopDeadline))) {
            try {
                warnIfSpoolLarge();
                if (pending == null) {
                    pending = reader.read(settings.batchSize(), durableEnd.get());
                }
                if (pending.isEmpty()) {
                    if (pending.end().compareTo(checkpoint) > 0) {
                        advanceCheckpoint(pending);
                    }
                    pending = null;
                    oldestPendingAt = null;
                    reportRecoveryIfCaughtUp();
                    if (stopping) {
                        break;
                    }
                    awaitSignal(max(settings.idlePoll(), CAUGHT_UP_LOOK));
                    continue;
                }
                oldestPendingAt = pending.events().getFirst().at();
                if (!pendingCommitted) {
                    ship(pending.events());
                    pendingCommitted = true;
                    // Counted as shipped at commit, before the checkpoint (a reader seeing nothing unshipped
                    // must see the total complete).
                    shippedTotal.addAndGet(pending.events().size());
                    if (recoveredFrom != null) {
                        shippedSinceRecovery += pending.events().size();
                    }
                }
                // If this fails the batch stays committed in PostgreSQL; only the checkpoint is retried.
                advanceCheckpoint(pending);
                boolean full = pending.events().size() >= settings.batchSize();
                pending = null;
                pendingCommitted = false;
                backoff = settings.minBackoff();
                if (!full) {
                    // Caught up: gather what the next idlePoll brings into one batch. Shipping each spool fsync as
                    // it comes costs PostgreSQL a commit and the spool a checkpoint fsync per group — most of the
                    // journal's cost per call at low load (CostPerCallBench); a full batch means a backlog: no wait.
                    linger(settings.idlePoll());
                }
            } catch (SQLException e) {
                if (isTransientConflict(e)) {
                    // Two nodes' shippers met on the same call rows; PostgreSQL chose us to retry.
                    LOG.debug("Batch retried after a transaction conflict: {}", e.getMessage());
                    if (!pause(settings.minBackoff())) {
                        break;
                    }
                    continue;
                }
                onFailure(e);
                if (!pause(backoff)) {
                    break;
                }
                backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
            } catch (IOException | RuntimeException e) {
                onFailure(e);
                if (!pause(backoff)) {
                    break;
                }
                backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
            }
        }
        try {
            reader.close();
        } catch (IOException e) {
            LOG.debug("closing spool reader: {}", e.toString());
        }
    }

    private void ship(List<CallEvent> events) throws SQLException, IOException {
        try {
            sink.ship(events, true);
        } catch (SQLException e) {
            if (!isRefusalOfData(e)) {
                throw e;
            }
            LOG.warn("PostgreSQL refused a batch of {} events ({}: {}); shipping them one by one", events.size(),
                    e.getSQLState(), e.getMessage());
            for (CallEvent event : events) {
                shipAlone(event);
            }
        }
        if (outageSince != null) {
            LOG.info("PostgreSQL reachable again after {} (unreachable since {}); shipping the {} spooled events",
                    readable(Duration.between(outageSince, Instant.now())), outageSince, unshippedEvents.getAsLong());
            recoveredFrom = outageSince;
            shippedSinceRecovery = 0;
            outageSince = null;
        }
    }

    private void shipAlone(CallEvent event) throws SQLException, IOException {
        try {
            sink.ship(List.of(event), true);
        } catch (SQLException e) {
            if (!isRefusalOfData(e)) {
                throw e;
            }
            LOG.error("Event {} ({}) of call {} refused with its call-row update ({}); storing the event alone",
                    event.eventId(), event.type(), event.callId(), e.getMessage());
            try {
                sink.ship(List.of(event), false);
            } catch (SQLException again) {
                if (!isRefusalOfData(again)) {
                    throw again;
                }
                quarantine(event, again);
            }
        }
    }

    private void quarantine(CallEvent event, SQLException e) throws IOException {
        String line = JsonText.object(Map.of("eventId", event.eventId().toString(), "callId",
                event.callId().toString(), "seq", Integer.toString(event.seq()), "at", event.at().toString(),
                "type", event.type().name(), "data", JsonText.object(event.data()), "error", String.valueOf(e.getMessage())));
        Files.writeString(dir.path().resolve("quarantine.log"), line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        LOG.error("Event {} of call {} cannot be stored in PostgreSQL ({}); set aside in {}", event.eventId(),
                event.callId(), e.getMessage(), dir.path().resolve("quarantine.log"));
    }

    /** SQLSTATE classes 22 (data exception) and 23 (integrity): the data is the problem, not the database. */
    private static boolean isRefusalOfData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** SQLSTATE class 40: deadlock or serialization failure, resolved by running the transaction again. */
    private static boolean isTransientConflict(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("40");
    }

    /**
     * Records that the batch is shipped. Segments wholly shipped are deleted FIRST, then the checkpoint is
     * written: writing it needs a little new space, which a full disk refuses, and deleting needs none — so a
     * spool on a full disk frees itself. A checkpoint that still names a deleted segment is harmless (reader
     * and recovery move on to the next segment that exists).
     */
    private void advanceCheckpoint(SpoolReader.Batch batch) throws IOException {
        SpoolPosition target = batch.end();
        if (target.segment() < durableEnd.get().segment()) {
            long sealedSize = dir.segmentSize(target.segment());
            if (sealedSize < 0 || target.offset() >= sealedSize) {
                target = new SpoolPosition(target.segment() + 1, 0);
                reader.moveTo(target);
            }
        }
        if (target.segment() > checkpoint.segment()) {
            for (long segment : dir.segments()) {
                if (segment < target.segment()) {
                    if (reader.isDamaged(segment)) {
                        dir.quarantineSegment(segment);
                    } else {
                        dir.deleteSegment(segment);
                    }
                }
            }
        }
        dir.writeCheckpoint(target);
        checkpoint = target;
        checkpointed.accept(target);
        consumedEvents.addAndGet(batch.events().size() + batch.held());
        consumedBytes.addAndGet(batch.bytes());
    }

    private void onFailure(Exception e) {
        lastError = e.toString();
        if (outageSince == null) {
            outageSince = Instant.now();
            if (e instanceof SQLException) {
                LOG.warn("PostgreSQL unreachable since {} ({}); {} events spooled locally, calls are not affected; "
                        + "retrying with backoff up to {}", outageSince, e.getMessage(), unshippedEvents.getAsLong(),
                        readable(settings.maxBackoff()));
            } else {
                LOG.error("Shipping spooled events failed since {}; {} events spooled; retrying", outageSince,
                        unshippedEvents.getAsLong(), e);
            }
        }
        recoveredFrom = null;
    }

    private void reportRecoveryIfCaughtUp() {
        if (recoveredFrom != null) {
            LOG.info("Shipped {} events after an outage of {}; the spool has caught up", shippedSinceRecovery,
                    readable(Duration.between(recoveredFrom, Instant.now())));
            recoveredFrom = null;
        }
    }

    private void warnIfSpoolLarge() {
        long bytes = unshippedBytes.getAsLong();
        if (!spoolWarned && bytes > settings.spoolWarnBytes()) {
            spoolWarned = true;
            LOG.warn("Spool {} holds {} MiB ({} events) not yet in PostgreSQL, above the warning threshold of {} MiB; "
                    + "calls keep being recorded, watch the disk", dir.path(), bytes >> 20, unshippedEvents.getAsLong(),
                    settings.spoolWarnBytes() >> 20);
        } else if (spoolWarned && bytes < settings.spoolWarnBytes() / 2) {
            spoolWarned = false;
        }
    }

    /** Waits {@code timeout} whatever is signalled meanwhile; ends early only when stopping. */
    private void linger(Duration timeout) {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!stopping && nanos > 0) {
                nanos = wake.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a signal or the timeout. */
    private void awaitSignal(Duration timeout) {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!signalled && !stopping && nanos > 0) {
                nanos = wake.awaitNanos(nanos);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps between retries (cut short by the stop deadline); false when the shipper must stop now. */
    private boolean pause(Duration backoff) {
        Duration wait = backoff;
        if (stopping) {
            Duration left = Duration.between(Instant.now(), stopDeadline);
            if (left.isNegative() || left.isZero()) {
                return false;
            }
            wait = min(wait, left);
        }
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ships what is durable until caught up or the timeout passes, then stops. */
    void stop(Duration timeout) {
        stopDeadline = Instant.now().plus(timeout);
        stopping = true;
        signal();
        if (thread == null) {
            return;
        }
        try {
            if (!thread.join(timeout.plusMillis(500))) {
                thread.interrupt();
                if (!thread.join(Duration.ofSeconds(2))) {
                    LOG.warn("Journal shipper did not stop within {}", timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (outageSince != null || unshippedEvents.getAsLong() > 0) {
            LOG.warn("Journal stopped with {} events not yet in PostgreSQL; they stay in {} and ship at next start",
                    unshippedEvents.getAsLong(), dir.path());
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String readable(Duration d) {
        return d.truncatedTo(ChronoUnit.MILLIS).toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
