package pe.centralunica.db.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a node's journal spools and ships.
 *
 * @param spoolDir       this node's spool directory (the app passes {@code CU_SPOOL_DIR}); one journal per directory
 * @param segmentBytes   a segment file is closed and a new one started once it would grow beyond this
 * @param batchSize      most events shipped to PostgreSQL in one transaction
 * @param idlePoll       how long the shipper waits for new events when it has caught up; also how long it gathers
 *                       events into one batch after shipping a batch that was not full (the lag this adds)
 * @param minBackoff     first wait after a failed shipment; doubles up to {@code maxBackoff}
 * @param maxBackoff     longest wait between attempts while PostgreSQL is unreachable
 * @param spoolWarnBytes unshipped spool size above which an operator warning is logged (the spool itself is
 *                       bounded only by the disk)
 * @param closeTimeout   how long {@code close()} spends flushing and shipping before it stops the shipper
 * @param appendTimeout  longest an append waits for its fsync; past it the append returns with
 *                       {@link JournalNotDurableException} and the event stays queued (the call path never
 *                       waits on a slow or full disk for longer than this)
 * @param stallAfter     an append waiting this long for its fsync makes the journal report
 *                       {@link JournalFault.WriterStalled} (and {@code /health} DOWN)
 * @param maxQueuedEvents most events held in memory waiting for the writer; beyond it appends are refused
 *                       (counted and alarmed) rather than letting a stalled disk exhaust the heap
 */
public record JournalSettings(Path spoolDir, long segmentBytes, int batchSize, Duration idlePoll,
                              Duration minBackoff, Duration maxBackoff, long spoolWarnBytes, Duration closeTimeout,
                              Duration appendTimeout, Duration stallAfter, int maxQueuedEvents) {

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final int DEFAULT_BATCH_SIZE = 1_000;

    public JournalSettings {
        Objects.requireNonNull(spoolDir, "spoolDir");
        Objects.requireNonNull(idlePoll, "idlePoll");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(appendTimeout, "appendTimeout");
        Objects.requireNonNull(stallAfter, "stallAfter");
        if (appendTimeout.isNegative() || appendTimeout.isZero() || stallAfter.isNegative() || stallAfter.isZero()) {
            throw new IllegalArgumentException("appendTimeout and stallAfter must be positive, got " + appendTimeout
                    + ", " + stallAfter);
        }
        if (maxQueuedEvents < 1) {
            throw new IllegalArgumentException("maxQueuedEvents must be at least 1, got " + maxQueuedEvents);
        }
        if (segmentBytes < 4096) {
            throw new IllegalArgumentException("segmentBytes must be at least 4096, got " + segmentBytes);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff, got " + minBackoff + ", " + maxBackoff);
        }
    }

    /**
     * Production defaults: 64 MiB segments, batches of 1,000, retries backing off to 10 s, warn above 1 GiB;
     * an append waits at most 250 ms for its fsync, a 2 s wait is a stall, at most 200,000 events queued.
     */
    public static JournalSettings defaults(Path spoolDir) {
        return new JournalSettings(spoolDir, DEFAULT_SEGMENT_BYTES, DEFAULT_BATCH_SIZE, Duration.ofMillis(200),
                Duration.ofMillis(200), Duration.ofSeconds(10), 1L << 30, Duration.ofSeconds(10),
                Duration.ofMillis(250), Duration.ofSeconds(2), 200_000);
    }

    public JournalSettings withSegmentBytes(long bytes) {
        return new JournalSettings(spoolDir, bytes, batchSize, idlePoll, minBackoff, maxBackoff, spoolWarnBytes, closeTimeout, appendTimeout, stallAfter, maxQueuedEvents);
    }

    public JournalSettings withBatchSize(int size) {
        return new JournalSettings(spoolDir, segmentBytes, size, idlePoll, minBackoff, maxBackoff, spoolWarnBytes, closeTimeout, appendTimeout, stallAfter, maxQueuedEvents);
    }

    public JournalSettings withIdlePoll(Duration poll) {
        return new JournalSettings(spoolDir, segmentBytes, batchSize, poll, minBackoff, maxBackoff, spoolWarnBytes, closeTimeout, appendTimeout, stallAfter, maxQueuedEvents);
    }

    public JournalSettings withBackoff(Duration min, Duration max) {
        return new JournalSettings(spoolDir, segmentBytes, batchSize, idlePoll, min, max, spoolWarnBytes, closeTimeout, appendTimeout, stallAfter, maxQueuedEvents);
    }

    public JournalSettings withSpoolWarnBytes(long bytes) {
        return new JournalSettings(spoolDir, segmentBytes, batchSize, idlePoll, minBackoff, maxBackoff, bytes, closeTimeout, appendTimeout, stallAfter, maxQueuedEvents);
    }

    public JournalSettings withCloseTimeout(Duration timeout) {
        return new JournalSettings(spoolDir, segmentBytes, batchSize, idlePoll, minBackoff, maxBackoff, spoolWarnBytes, timeout, appendTimeout, stallAfter, maxQueuedEvents);
    }

    public JournalSettings withAppendTimeout(Duration timeout) {
        return new JournalSettings(spoolDir, segmentBytes, batchSize, idlePoll, minBackoff, maxBackoff, spoolWarnBytes,
                closeTimeout, timeout, stallAfter, maxQueuedEvents);
    }

    public JournalSettings withStallAfter(Duration stall) {
        return new JournalSettings(spoolDir, segmentBytes, batchSize, idlePoll, minBackoff, maxBackoff, spoolWarnBytes,
                closeTimeout, appendTimeout, stall, maxQueuedEvents);
    }

    public JournalSettings withMaxQueuedEvents(int max) {
        return new JournalSettings(spoolDir, segmentBytes, batchSize, idlePoll, minBackoff, maxBackoff, spoolWarnBytes,
                closeTimeout, appendTimeout, stallAfter, max);
    }
}
