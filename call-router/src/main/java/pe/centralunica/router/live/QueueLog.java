package pe.centralunica.router.live;

import java.util.List;

/**
 * Asterisk's queue log as the tracker reads it after an AMI outage: the durable account of queue steps (joined,
 * rung, answered by whom, abandoned, completed) with Asterisk's own times, which the AMI stream lost.
 */
public interface QueueLog {

    /** No queue log to read: after an outage the tracker knows only what the resync lists show. */
    QueueLog NONE = new QueueLog() {
        @Override
        public List<QueueLogEntry> readNew() {
            return List.of();
        }

        @Override
        public String toString() {
            return "no queue log";
        }
    };

    /**
     * Entries written since the previous call (the first call: since the log was opened). Never throws: a log
     * that cannot be read yields nothing and says so in the node's log.
     */
    List<QueueLogEntry> readNew();
}
