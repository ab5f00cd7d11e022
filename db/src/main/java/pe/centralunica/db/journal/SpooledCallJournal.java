package pe.centralunica.db.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's durable call journal: a local append-only spool with group commit, shipped to PostgreSQL in
 * the background. {@link #append} costs one share of an fsync and never touches PostgreSQL; after a
 * database outage or a process restart every spooled event is shipped, and none twice.
 *
 * <p>Lifecycle: {@link #start} recovers the spool (a torn tail left by a crash is cut off and logged) and
 * starts the writer and the shipper; {@link #close} stops taking appends, flushes, ships what it can within
 * the configured timeout and stops. One journal per spool directory (a lock file enforces it).
 */
public final class SpooledCallJournal implements CallJournal, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpooledCallJournal.class);

    private final JournalSettings settings;
    private final SpoolDirectory dir;
    private final SpoolRecovery.Recovered recovered;
    private final SpoolWriter writer;
    private final Shipper shipper;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ShipDelay shipDelay = new ShipDelay();

    private SpooledCallJournal(JournalSettings settings, DataSource dataSource, SpoolWriter.WriteHook hook) {
        this.settings = settings;
        this.dir = SpoolDirectory.open(settings.spoolDir());
        try {
            this.recovered = SpoolRecovery.recover(dir);
            this.writer = new SpoolWriter(dir, recovered.nextSegment(), settings, this::wakeShipper, hook);
            new HeldRecords(dir).replay(writer, settings.closeTimeout());
            this.shipper = new Shipper(dir, recovered.checkpoint(), writer::durableEnd,
                    new PostgresEventSink(dataSource), settings, this::unshippedEvents, this::unshippedBytes, shipDelay::shipped);
            if (recovered.unshippedEvents() > 0) {
                shipDelay.durable(writer.durableEnd(), System.nanoTime()); // a backlog from before the restart waits from now
            }
        } catch (RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /** Called by the writer after each fsync (held records replayed at start come before the shipper exists). */
    private void wakeShipper() {
        Shipper s = shipper; // null while held records are replayed during construction
        if (s != null) {
            shipDelay.durable(writer.durableEnd(), System.nanoTime());
            s.signal();
        }
    }

    /** Opens (and recovers) the spool in {@code settings.spoolDir()} and starts writing and shipping. */
    public static SpooledCallJournal start(JournalSettings settings, DataSource dataSource) {
        return start(settings, dataSource, () -> { });
    }

    /** As {@link #start(JournalSettings, DataSource)}, with a hook run before each spool write (tests: a stalled or failing disk). */
    static SpooledCallJournal start(JournalSettings settings, DataSource dataSource, SpoolWriter.WriteHook hook) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(dataSource, "dataSource");
        SpooledCallJournal journal = new SpooledCallJournal(settings, dataSource, hook);
        journal.shipper.start();
        LOG.info("Call journal spooling to {} (segments of {} KiB), shipping to PostgreSQL in batches of {}",
                settings.spoolDir().toAbsolutePath(), settings.segmentBytes() >> 10, settings.batchSize());
        return journal;
    }

    @Override
    public void append(CallEvent event) {
        writer.append(Objects.requireNonNull(event, "event"));
    }

    @Override
    public void appendAll(java.util.List<CallEvent> events) {
        writer.appendAll(events);
    }

    /** {@code appendTimeout}: the writer's queue is bounded (refusals, never a block) and so is the wait for the fsync. */
    @Override
    public Optional<Duration> appendBound() {
        return Optional.of(settings.appendTimeout());
    }

    @Override
    public CompletableFuture<Void> submit(java.util.List<CallEvent> events) {
        return writer.submit(events);
    }

    /**
     * What is wrong with the journal now (empty when healthy): writer dead, stalled or failing (disk full),
     * records refused in the last minute, shipper stopped. Also supervises: a dead writer or shipper is
     * restarted here. A database outage is not a fault — spooling through it is the journal's job.
     */
    public List<JournalFault> faults() {
        List<JournalFault> out = new ArrayList<>(writer.faults());
        shipper.faults().ifPresent(out::add);
        return out;
    }

    /** Events refused since start (queue full, writer dead, journal closed): records lost. */
    public long refusedEvents() {
        return writer.refusedEvents();
    }

    /** Appends that returned before their event was durable (slow or failing disk); the events stayed queued. */
    public long appendsNotDurableInTime() {
        return writer.notDurableInTime();
    }

    /** How often supervision restarted a spool writer thread that had died. */
    public int writerRestarts() {
        return writer.restarts();
    }

    /** Events in memory waiting for the spool writer. */
    public int queuedEvents() {
        return writer.queuedEvents();
    }

    /**
     * How long the oldest unshipped event has waited for PostgreSQL since it became durable in the spool (zero when
     * caught up): the delay the journal adds. {@link JournalStats#oldestUnshippedAge()} is the event's own age.
     */
    public Duration shipDelay() {
        return shipDelay.at(System.nanoTime());
    }

    public JournalStats stats() {
        long unshipped = unshippedEvents();
        Instant oldest = shipper.oldestPendingAt();
        Duration age = unshipped > 0 && oldest != null ? Duration.between(oldest, Instant.now()) : Duration.ZERO;
        return new JournalStats(unshipped, unshippedBytes(), age.isNegative() ? Duration.ZERO : age,
                shipper.shippedTotal(), writer.fsyncs(), Optional.ofNullable(shipper.outageSince()),
                Optional.ofNullable(shipper.lastError()));
    }

    private long unshippedEvents() {
        return recovered.unshippedEvents() + writer.appendedEvents() - shipper.consumedEvents();
    }

    private long unshippedBytes() {
        return recovered.unshippedBytes() + writer.appendedBytes() - shipper.consumedBytes();
    }

    /** Flushes pending appends, ships for up to the close timeout, then stops; unshipped events ship at next start. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.close(settings.closeTimeout());
        shipper.stop(settings.closeTimeout());
        dir.close();
    }
}
