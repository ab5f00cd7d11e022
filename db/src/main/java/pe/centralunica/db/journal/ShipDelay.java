package pe.centralunica.db.journal;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * How long the journal's oldest unshipped data has waited for PostgreSQL since it became durable in the spool: the
 * delay the journal adds, whatever the events' own times say (a call's record is appended when its session ends,
 * so its first event is always seconds old). Marks are taken at each fsync and dropped as the checkpoint passes them;
 * fsyncs closer than {@value #COALESCE_MS} ms share a mark (the delay is then overstated by at most that), so a long
 * outage keeps at most 20 marks a second.
 */
final class ShipDelay {

    static final long COALESCE_MS = 50;

    private record Mark(SpoolPosition end, long durableAtNanos) {
    }

    private final ArrayDeque<Mark> marks = new ArrayDeque<>();

    /** Everything up to {@code end} is durable as of {@code nanos} ({@link System#nanoTime()}). */
    synchronized void durable(SpoolPosition end, long nanos) {
        Mark last = marks.peekLast();
        if (last != null && end.compareTo(last.end()) <= 0) {
            return;
        }
        if (last != null && nanos - last.durableAtNanos() < COALESCE_MS * 1_000_000) {
            marks.pollLast();
            marks.addLast(new Mark(end, last.durableAtNanos()));
        } else {
            marks.addLast(new Mark(end, nanos));
        }
    }

    /** PostgreSQL has everything up to {@code checkpoint}. */
    synchronized void shipped(SpoolPosition checkpoint) {
        while (!marks.isEmpty() && marks.peekFirst().end().compareTo(checkpoint) <= 0) {
            marks.pollFirst();
        }
    }

    /** How long the oldest unshipped durable data has waited, as of {@code nanos}; zero when nothing waits. */
    synchronized Duration at(long nanos) {
        Mark first = marks.peekFirst();
        return first == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, nanos - first.durableAtNanos()));
    }
}
