package pe.centralunica.router.live;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The {@code cu-cdr.csv} file sip-config's {@code cdr_custom.conf} makes Asterisk write, read as a tail. */
public final class CdrLogFile implements CdrLog {

    private final FileTail tail;

    private CdrLogFile(Path file) {
        this.tail = new FileTail(file, "CDR log");
    }

    public static CdrLogFile at(Path file) {
        return new CdrLogFile(file);
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
