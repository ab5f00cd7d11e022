package pe.centralunica.router.live;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Asterisk's {@code queue_log} file (Asterisk writes it by default, in its log directory), read as a tail: each
 * {@link #readNew()} returns the entries appended since the previous one ({@link FileTail}). The file must be where
 * this node can read it — on Asterisk's host, or shared with it (see the README).
 */
public final class QueueLogFile implements QueueLog {

    private final FileTail tail;

    private QueueLogFile(Path file, long lookbackBytes) {
        this.tail = new FileTail(file, "queue log", lookbackBytes);
    }

    /** Opens the log at its current end (a missing file is read from its start once Asterisk creates it). */
    public static QueueLogFile at(Path file) {
        return new QueueLogFile(file, 0);
    }

    /**
     * Opens the log up to {@code lookbackBytes} before its end (at a line start): for a node taking over from another,
     * whose first read must also see what happened just before (see {@code LeasedCallTracking}).
     */
    public static QueueLogFile withRecentPast(Path file, long lookbackBytes) {
        return new QueueLogFile(file, lookbackBytes);
    }

    @Override
    public List<QueueLogEntry> readNew() {
        return tail.newLines().stream().map(QueueLogEntry::parse).flatMap(Optional::stream).toList();
    }

    @Override
    public String toString() {
        return tail.toString();
    }
}
