package pe.centralunica.router.live;

import java.util.Objects;

/**
 * What Asterisk writes down whatever happens to AMI, read by the tracker after a gap in the stream: the queue log
 * (queue steps, the answering member) and the CDR log (the true hang-up times).
 */
public record AsteriskLogs(QueueLog queueLog, CdrLog cdrLog) {

    /** Nothing to read: after an outage the tracker knows only what the resync lists show. */
    public static final AsteriskLogs NONE = new AsteriskLogs(QueueLog.NONE, CdrLog.NONE);

    public AsteriskLogs {
        Objects.requireNonNull(queueLog, "queueLog");
        Objects.requireNonNull(cdrLog, "cdrLog");
    }

    @Override
    public String toString() {
        return queueLog + ", " + cdrLog;
    }
}
