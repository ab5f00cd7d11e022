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
                long[] counted = validate(dir, segment, from, segment == segments.getLast());
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

    /**
     * Checks every record of a segment and counts those at or after {@code from}. Damage with nothing intact
     * behind it in the newest segment is a write torn by a crash (its caller never got a return): cut off.
     * Any other damage — in a sealed segment, or with intact records after it — is corruption of fsynced data:
     * nothing is cut; the shipper skips the damaged bytes and quarantines the segment. Intact records this
     * build cannot decode are counted like any other (they are kept, see {@link HeldRecords}).
     */
    private static long[] validate(SpoolDirectory dir, long segment, long from, boolean newest) throws IOException {
        long pos = 0;
        long events = 0;
        long size;
        try (SegmentReader reader = new SegmentReader(dir.segmentPath(segment))) {
            size = reader.size();
            while (true) {
                SegmentReader.Next next = reader.next(pos, size);
                if (next instanceof SegmentReader.Next.Record || next instanceof SegmentReader.Next.Undecodable) {
                    if (pos >= from) {
                        events++;
                    }
                    pos += next instanceof SegmentReader.Next.Record r ? r.frameBytes()
                            : ((SegmentReader.Next.Undecodable) next).frameBytes();
                } else if (next instanceof SegmentReader.Next.Invalid inv) {
                    long resume = reader.nextIntactRecord(pos, size);
                    if (resume < 0 && newest) {
                        LOG.warn("Spool segment {}: {} at offset {}; dropping the last {} bytes (a write torn by a crash "
                                + "never returned to its caller)", dir.segmentPath(segment).getFileName(), inv.reason(),
                                pos, size - pos);
                        try (FileChannel ch = FileChannel.open(dir.segmentPath(segment), StandardOpenOption.WRITE)) {
                            ch.truncate(pos);
                            ch.force(true);
                        }
                        size = pos;
                        break;
                    }
                    LOG.error("Spool segment {} is damaged at offset {} ({}): fsynced data, so nothing is cut off; "
                            + "the records after it ship and the file is kept in quarantine", dir.segmentPath(segment)
                            .getFileName(), pos, inv.reason());
                    if (resume < 0) {
                        pos = size;
                        break;
                    }
                    pos = resume;
                } else {
                    break;
                }
            }
        }
        if (from > size) {
            LOG.error("Spool checkpoint {} lies beyond the valid data of segment {} ({} bytes); resuming at its end",
                    from, segment, size);
        }
        return new long[] {events, Math.max(0, size - from)};
    }
}
