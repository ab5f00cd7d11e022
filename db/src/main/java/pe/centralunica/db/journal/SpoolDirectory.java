package pe.centralunica.db.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The files of one spool directory: numbered segment files, the shipping checkpoint, and a lock file that
 * keeps a second process from writing the same spool.
 */
final class SpoolDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolDirectory.class);
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{16})\\.spool");
    private static final String CHECKPOINT = "checkpoint";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private SpoolDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static SpoolDirectory open(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("spool directory " + dir.toAbsolutePath()
                        + " is in use by another journal (lock held); each node needs its own CU_SPOOL_DIR");
            }
            return new SpoolDirectory(dir, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open spool directory " + dir.toAbsolutePath(), e);
        }
    }

    Path path() {
        return dir;
    }

    Path segmentPath(long segment) {
        return dir.resolve("segment-%016d.spool".formatted(segment));
    }

    /** Segment numbers present on disk, ascending. */
    List<Long> segments() {
        try (Stream<Path> files = Files.list(dir)) {
            List<Long> out = new ArrayList<>();
            files.forEach(p -> {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(Long.parseLong(m.group(1)));
                }
            });
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list spool directory " + dir, e);
        }
    }

    /** The segment file's size, or -1 when it does not exist (already shipped and deleted). */
    long segmentSize(long segment) throws IOException {
        try {
            return Files.size(segmentPath(segment));
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    void deleteSegment(long segment) throws IOException {
        Files.deleteIfExists(segmentPath(segment));
    }

    /** Makes file creations, renames and deletions in the directory durable. */
    void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** The last stored checkpoint; empty when none was ever written or it is unreadable (logged). */
    Optional<SpoolPosition> readCheckpoint() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(CHECKPOINT));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spool checkpoint in " + dir, e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (bytes.length != 20 || crc(bytes) != buf.getInt(16)) {
            LOG.error("Spool checkpoint in {} is unreadable ({} bytes); re-shipping the whole spool "
                    + "(PostgreSQL ignores events it already has)", dir, bytes.length);
            return Optional.empty();
        }
        return Optional.of(new SpoolPosition(buf.getLong(0), buf.getLong(8)));
    }

    /** Replaces the checkpoint atomically: write a temporary file, fsync it, rename it over the old one. */
    void writeCheckpoint(SpoolPosition position) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(20);
        buf.putLong(position.segment()).putLong(position.offset());
        buf.putInt(crc(buf.array()));
        buf.flip();
        Path tmp = dir.resolve(CHECKPOINT + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the spool file system cannot rename atomically: " + dir, e);
        }
        syncDirectory();
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 16);
        return (int) crc.getValue();
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("Releasing spool lock in {} failed: {}", dir, e.toString());
        }
    }
}
