package pe.centralunica.db.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What /health and /metrics show about the journal.
 *
 * @param unshippedEvents    events durable in the local spool but not yet in PostgreSQL
 * @param unshippedBytes     spool bytes those events take
 * @param oldestUnshippedAge how long ago the oldest unshipped event happened (zero when none)
 * @param shippedTotal       events committed to PostgreSQL by this process since it started
 * @param fsyncs             spool fsyncs since start (group commit: far fewer than appends)
 * @param outageSince        when PostgreSQL became unreachable, while it still is
 * @param lastError          the last shipping error, if any (kept after recovery, for diagnosis)
 */
public record JournalStats(long unshippedEvents, long unshippedBytes, Duration oldestUnshippedAge, long shippedTotal,
                           long fsyncs, Optional<Instant> outageSince, Optional<String> lastError) {
}
