package pe.centralunica.router.live;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole lines appended to a file Asterisk writes (queue_log, a CDR CSV) since the previous read. What was there
 * when it was opened is history this node did not watch, and is skipped; a file that shrank was rotated and is read
 * from its start; a line still being written is read whole next time. Never throws: an unreadable file yields
 * nothing, said once in the node's log. A node taking over from another opens it some way back instead
 * ({@link #FileTail(Path, String, long)}): the recent past is what the previous watcher may not have written.
 */
final class FileTail {
    private static final Logger log = LoggerFactory.getLogger(FileTail.class);
    /** More than this in one read is left for the next: a reconcile never stalls the tracker on a huge file. */
    private static final int MAX_READ = 16 * 1024 * 1024;

    private final Path file;
    private final String what;
    private long offset;
    private boolean warned;

    /** Opens {@code file} at its current end (a missing file is read from its start once Asterisk creates it). */
    FileTail(Path file, String what) {
        this(file, what, 0);
    }

    /**
     * Opens {@code file} up to {@code lookbackBytes} before its current end, at the start of a line: the first read
     * returns those recent lines too.
     */
    FileTail(Path file, String what, long lookbackBytes) {
        this.file = Objects.requireNonNull(file, "file");
        this.what = what;
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = 0;
        }
        this.offset = lookbackBytes <= 0 || size == 0 ? size : lineStartAtOrAfter(Math.max(0, size - lookbackBytes), size);
    }

    /** The first line start at or after {@code from} (0 is one; otherwise just after a newline). */
    private long lineStartAtOrAfter(long from, long size) {
        if (from == 0) {
            return 0;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(from - 1);
            for (long at = from - 1; at < size; at++) {
                if (raf.read() == '\n') {
                    return at + 1;
                }
            }
        } catch (IOException e) {
            // unreadable now: newLines() says so
        }
        return size;
    }

    synchronized List<String> newLines() {
        List<String> out = new ArrayList<>();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            if (size < offset) {
                log.info("{} {} shrank ({} → {} bytes): rotated, reading it from the start", what, file, offset, size);
                offset = 0;
            }
            int n = (int) Math.min(MAX_READ, size - offset);
            if (n <= 0) {
                return out;
            }
            byte[] buf = new byte[n];
            raf.seek(offset);
            raf.readFully(buf);
            int lineStart = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    out.add(new String(buf, lineStart, i - lineStart, StandardCharsets.UTF_8));
                    lineStart = i + 1;
                }
            }
            offset += lineStart;
            warned = false;
        } catch (IOException e) {
            if (!warned) {
                log.warn("{} {} unreadable ({}): after an AMI outage, what happened during it cannot be recovered from it",
                        what, file, e.toString());
                warned = true;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return what + " " + file;
    }
}
