package pe.centralunica.db.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Intact spool records this build cannot decode — a newer record version or event kind, written before a
 * rollback — kept byte for byte in {@code held/records.spool} (same framing as a segment) instead of being
 * cut off or deleted. At every start, the records the running build can now decode (after the upgrade came
 * back) are put back into the spool and shipped; the others stay held.
 */
final class HeldRecords {

    private static final Logger LOG = LoggerFactory.getLogger(HeldRecords.class);

    private final Path file;

    HeldRecords(SpoolDirectory dir) {
        this.file = dir.path().resolve("held").resolve("records.spool");
    }

    Path file() {
        return file;
    }

    /** Appends one raw frame durably. */
    void keep(byte[] frame, long segment, long offset, String reason) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(frame);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        LOG.warn("Spool record at segment {} offset {} is intact but this build cannot read it ({}); kept in {} "
                + "— it ships once a build that knows it runs here", segment, offset, reason, file);
    }

    /** Puts decodable held records back into the spool (waiting up to {@code timeout}); the rest stay held. */
    void replay(SpoolWriter writer, Duration timeout) {
        if (!Files.exists(file)) {
            return;
        }
        List<CallEvent> decodable = new ArrayList<>();
        List<byte[]> stillHeld = new ArrayList<>();
        try (SegmentReader reader = new SegmentReader(file)) {
            long size = reader.size();
            long pos = 0;
            while (true) {
                SegmentReader.Next next = reader.next(pos, size);
                if (next instanceof SegmentReader.Next.Record r) {
                    decodable.add(r.event());
                    pos += r.frameBytes();
                } else if (next instanceof SegmentReader.Next.Undecodable u) {
                    stillHeld.add(u.frame());
                    pos += u.frameBytes();
                } else {
                    if (next instanceof SegmentReader.Next.Invalid inv) {
                        LOG.error("Held records file {} is damaged at offset {} ({}); left as it is", file, pos, inv.reason());
                        return;
                    }
                    break;
                }
            }
        } catch (IOException e) {
            LOG.error("Cannot read held records {}: {}", file, e.toString());
            return;
        }
        if (decodable.isEmpty()) {
            LOG.warn("{} spool record(s) this build cannot read are held in {}", stillHeld.size(), file);
            return;
        }
        try {
            writer.submit(decodable).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            rewrite(stillHeld);
            LOG.info("{} held spool record(s) are readable by this build and go back to the spool for shipping; {} stay held",
                    decodable.size(), stillHeld.size());
        } catch (Exception e) {
            LOG.error("Could not put {} held records back into the spool ({}); they stay held in {}", decodable.size(),
                    e.toString(), file);
        }
    }

    private void rewrite(List<byte[]> frames) throws IOException {
        if (frames.isEmpty()) {
            Files.delete(file);
            return;
        }
        Path tmp = file.resolveSibling("records.spool.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (byte[] frame : frames) {
                ByteBuffer buf = ByteBuffer.wrap(frame);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename atomically in " + file.getParent(), e);
        }
    }
}
