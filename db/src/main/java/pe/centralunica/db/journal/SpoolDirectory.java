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

    Path quarantinePath() {
        return dir.resolve("quarantine");
    }

    /** Moves a shipped but damaged segment out of the way, kept for inspection (a rename: no new space). */
    void quarantineSegment(long segment) throws IOException {
        Files.createDirectories(quarantinePath());
        Files.move(segmentPath(segment), quarantinePath().resolve(segmentPath(segment).getFileName()),
                StandardCopyOption.REPLACE_EXISTING);
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

    /*
     * The checkpoint file holds two 32-byte slots, each {@code long generation | long segment | long offset |
     * int crc32c | pad}, written alternately IN PLACE: a checkpoint write needs no new disk space (a full disk
     * must still let the shipper record progress and delete shipped segments), and a write torn by a crash
     * spoils only one slot — the other, older one still stands. A 20-byte file is the earlier single-record
     * format, read as generation 0.
     */
    private static final int SLOT = 32;
    private long checkpointGeneration;
    private FileChannel checkpointChannel;

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
        if (bytes.length == 20 && crc(bytes, 0, 16) == buf.getInt(16)) {
            return Optional.of(new SpoolPosition(buf.getLong(0), buf.getLong(8)));
        }
        SpoolPosition best = null;
        long bestGeneration = -1;
        for (int slot = 0; bytes.length == 2 * SLOT && slot < 2; slot++) {
            int at = slot * SLOT;
            if (crc(bytes, at, 24) == buf.getInt(at + 24) && buf.getLong(at) > bestGeneration) {
                bestGeneration = buf.getLong(at);
                best = new SpoolPosition(buf.getLong(at + 8), buf.getLong(at + 16));
            }
        }
        if (best == null) {
            LOG.error("Spool checkpoint in {} is unreadable ({} bytes); re-shipping the whole spool "
                    + "(PostgreSQL ignores events it already has)", dir, bytes.length);
            return Optional.empty();
        }
        checkpointGeneration = bestGeneration;
        return Optional.of(best);
    }

    /**
     * Stores the checkpoint: in place, in the slot not holding the latest one, then fsync. The first write
     * (no file yet, or the earlier format) creates the file through a temporary file and an atomic rename.
     */
    void writeCheckpoint(SpoolPosition position) throws IOException {
        long generation = ++checkpointGeneration;
        ByteBuffer slot = ByteBuffer.allocate(SLOT);
        slot.putLong(generation).putLong(position.segment()).putLong(position.offset());
        slot.putInt(crc(slot.array(), 0, 24));
        slot.clear();
        if (checkpointChannel == null) {
            Path file = dir.resolve(CHECKPOINT);
            if (!Files.exists(file) || Files.size(file) != 2 * SLOT) {
                createCheckpointFile(slot);
                return;
            }
            checkpointChannel = FileChannel.open(file, StandardOpenOption.WRITE);
        }
        long at = (generation % 2) * SLOT;
        while (slot.hasRemaining()) {
            at += checkpointChannel.write(slot, at);
        }
        checkpointChannel.force(false);
    }

    /**
     * Creates the two-slot checkpoint file now, while there is space, so that later checkpoint writes need
     * none. A failure (disk already full) is logged; the first checkpoint write tries again.
     */
    void prepareCheckpoint(SpoolPosition position) {
        Path file = dir.resolve(CHECKPOINT);
        try {
            if (!Files.exists(file) || Files.size(file) != 2 * SLOT) {
                writeCheckpoint(position);
            }
        } catch (IOException e) {
            LOG.error("Cannot create the spool checkpoint file in {} ({}); is the disk full?", dir, e.toString());
        }
    }

    private void createCheckpointFile(ByteBuffer firstSlot) throws IOException {
        ByteBuffer file = ByteBuffer.allocate(2 * SLOT);
        file.position((int) ((checkpointGeneration % 2) * SLOT));
        file.put(firstSlot).clear();
        Path tmp = dir.resolve(CHECKPOINT + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (file.hasRemaining()) {
                ch.write(file);
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

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    @Override
    public void close() {
        try {
            if (checkpointChannel != null) {
                checkpointChannel.close();
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("Releasing spool lock in {} failed: {}", dir, e.toString());
        }
    }
}
