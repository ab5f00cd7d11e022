package pe.centralunica.db.journal;

import java.time.Duration;
import java.time.Instant;

/**
 * Something wrong with this node's journal right now. Any fault means call records are at risk on this node
 * (calls are still routed: appends are bounded), so {@code /health} reports DOWN while one is present.
 */
public sealed interface JournalFault {

    /** One line an operator can act on. */
    String describe();

    /** The writer thread is not running and could not be restarted; appends are refused. */
    record WriterDead(String reason) implements JournalFault {
        @Override
        public String describe() {
            return "spool writer thread dead (" + reason + "); call records are not being written";
        }
    }

    /** The oldest queued append has waited this long for its fsync (a stalled or very slow disk). */
    record WriterStalled(Duration waiting, int queuedEvents) implements JournalFault {
        @Override
        public String describe() {
            return "spool writer stalled: oldest append waiting " + waiting.toMillis() + " ms, " + queuedEvents
                    + " events queued in memory";
        }
    }

    /** Spool writes fail (kept in memory and retried); {@code diskFull} when the file system has no space left. */
    record WritesFailing(Instant since, String error, boolean diskFull) implements JournalFault {
        @Override
        public String describe() {
            return (diskFull ? "spool disk FULL" : "spool writes failing") + " since " + since + " (" + error
                    + "); events are held in memory and retried";
        }
    }

    /** Appends refused because the in-memory queue was full or the journal was unusable: records LOST. */
    record AppendsRefused(long total, Instant last) implements JournalFault {
        @Override
        public String describe() {
            return total + " call events REFUSED (records lost), last at " + last;
        }
    }

    /** The shipper thread ended unexpectedly; events stay in the spool but do not reach PostgreSQL. */
    record ShipperDead(String reason) implements JournalFault {
        @Override
        public String describe() {
            return "journal shipper stopped (" + reason + "); events stay spooled, not shipped";
        }
    }
}
