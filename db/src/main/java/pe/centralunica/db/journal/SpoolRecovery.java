package pe.centralunica.db.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Brings a spool directory back to a consistent state when a journal opens: drops segments the checkpoint
 * says are shipped, and cuts every segment at its first record that fails its checksum (a write torn by a
 * crash or power loss), so startup never fails on a damaged tail.
 */
final class SpoolRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);

    /** Where shipping resumes, which segment the writer starts next, and what is waiting to be shipped. */
    record Recovered(SpoolPosition checkpoint, long nextSegment, long unshippedEvents, long unshippedBytes) {
    }

    private SpoolRecovery() {
    }

    static Recovered recover(SpoolDirectory dir) {
        try {
            List<Long> segments = dir.segments();
            SpoolPosition checkpoint = dir.readCheckpoint()
                    .orElse(new SpoolPosition(segments.isEmpty() ? 1 : segments.getFirst(), 0));
            long events = 0;
            long bytes = 0;
            for (long segment : segments) {
                if (segment < checkpoint.segment()) {
                    // Shipped; the process stopped between writing the checkpoint and deleting the file.
                    dir.deleteSegment(segment);
                    continue;
                }
                long from = segment == checkpoint.segment() ? checkpoint.offset() : 0;
                long[] counted = validate(dir, segment, from);
                events += counted[0];
                bytes += counted[1];
            }
            long last = segments.isEmpty() ? 0 : segments.getLast();
            long next = Math.max(last + 1, checkpoint.segment());
            dir.syncDirectory();
            dir.prepareCheckpoint(checkpoint);
            if (events > 0) {
                LOG.info("Spool {}: {} events ({} bytes) not yet shipped to PostgreSQL from {}; shipping resumes",
                        dir.path(), events, bytes, checkpoint);
            }
            return new Recovered(checkpoint, next, events, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover spool " + dir.path(), e);
        }
    }

    /** Checks every record of a segment, truncates at the first bad one; counts records at or after {@code from}. */
    private static long[] validate(SpoolDirectory dir, long segment, long from) throws IOException {
        long pos = 0;
        long events = 0;
        long size;
        String problem = null;
        try (SegmentReader reader = new SegmentReader(dir.segmentPath(segment))) {
            size = reader.size();
            while (true) {
                SegmentReader.Next next = reader.next(pos, size);
                if (next instanceof SegmentReader.Next.Record r) {
                    if (pos >= from) {
                        events++;
                    }
                    pos += r.frameBytes();
                } else {
                    if (next instanceof SegmentReader.Next.Invalid inv) {
                        problem = inv.reason();
                    }
                    break;
                }
            }
        }
        if (problem != null) {
            LOG.warn("Spool segment {}: {} at offset {}; dropping the last {} bytes (a write torn by a crash "
                    + "never returned to its caller)", dir.segmentPath(segment).getFileName(), problem, pos, size - pos);
            try (FileChannel ch = FileChannel.open(dir.segmentPath(segment), StandardOpenOption.WRITE)) {
                ch.truncate(pos);
                ch.force(true);
            }
        }
        if (from > pos) {
            LOG.error("Spool checkpoint {} lies beyond the valid data of segment {} ({} bytes); resuming at its end",
                    from, segment, pos);
        }
        return new long[] {events, Math.max(0, pos - from)};
    }
}
