package pe.centralunica.router.live;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The {@code cu-cdr.csv} file sip-config's {@code cdr_custom.conf} makes Asterisk write, read as a tail. */
public final class CdrLogFile implements CdrLog {

    private final FileTail tail;

    private CdrLogFile(Path file, long lookbackBytes) {
        this.tail = new FileTail(file, "CDR log", lookbackBytes);
    }

    public static CdrLogFile at(Path file) {
        return new CdrLogFile(file, 0);
    }

    /**
     * Opens the log up to {@code lookbackBytes} before its end (at a line start): for a node taking over from another,
     * whose first read must also see what happened just before (see {@code LeasedCallTracking}).
     */
    public static CdrLogFile withRecentPast(Path file, long lookbackBytes) {
        return new CdrLogFile(file, lookbackBytes);
    }

    @Override
    public List<CallEndRecord> readNew() {
        return tail.newLines().stream().map(CallEndRecord::parse).flatMap(Optional::stream).toList();
    }

    @Override
    public String toString() {
        return tail.toString();
    }
}
