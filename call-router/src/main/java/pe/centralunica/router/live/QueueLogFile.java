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
 * Asterisk's {@code queue_log} file (Asterisk writes it by default, in its log directory), read as a tail: each
 * {@link #readNew()} returns the whole lines appended since the previous one. What was there when the node opened
 * it is history the node did not watch, and is skipped. A file that shrank was rotated: it is read from its start.
 * The file must be where this node can read it — on Asterisk's host, or shared with it (see the README).
 */
public final class QueueLogFile implements QueueLog {
    private static final Logger log = LoggerFactory.getLogger(QueueLogFile.class);
    /** More than this in one read is left for the next: a reconcile never stalls the tracker on a huge file. */
    private static final int MAX_READ = 16 * 1024 * 1024;

    private final Path file;
    private long offset;
    private boolean warned;

    private QueueLogFile(Path file, long offset) {
        this.file = file;
        this.offset = offset;
    }

    /** Opens the log at its current end (a missing file is read from its start once Asterisk creates it). */
    public static QueueLogFile at(Path file) {
        Objects.requireNonNull(file, "file");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = 0;
        }
        return new QueueLogFile(file, size);
    }

    @Override
    public synchronized List<QueueLogEntry> readNew() {
        List<QueueLogEntry> out = new ArrayList<>();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            if (size < offset) {
                log.info("queue log {} shrank ({} → {} bytes): rotated, reading it from the start", file, offset, size);
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
                    QueueLogEntry.parse(new String(buf, lineStart, i - lineStart, StandardCharsets.UTF_8)).ifPresent(out::add);
                    lineStart = i + 1;
                }
            }
            offset += lineStart; // a line still being written is read whole next time
            warned = false;
        } catch (IOException e) {
            if (!warned) {
                log.warn("queue log {} unreadable ({}): after an AMI outage, queue steps that happened during it cannot be "
                        + "recovered", file, e.toString());
                warned = true;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "queue log " + file;
    }
}
