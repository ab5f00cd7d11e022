package pe.centralunica.db.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipper's cursor over the spool. Reads only data the writer has fsynced; a batch never spans two
 * segments, so its end is a single position to checkpoint.
 */
final class SpoolReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolReader.class);

    /**
     * Events read, and the position just after the last one (what the checkpoint becomes once they are
     * shipped); {@code held} records were intact but unreadable by this build and set aside in
     * {@link HeldRecords}; {@code bytes} includes them and any damaged bytes skipped.
     */
    record Batch(List<CallEvent> events, SpoolPosition end, long bytes, int held) {
        boolean isEmpty() {
            return events.isEmpty();
        }
    }

    private final SpoolDirectory dir;
    private final HeldRecords heldRecords;
    private final java.util.Set<Long> damaged = new java.util.HashSet<>();
    private SpoolPosition position;
    private SegmentReader reader;
    private long readerSegment = -1;
    private SpoolPosition lastReported;

    SpoolReader(SpoolDirectory dir, SpoolPosition start) {
        this.dir = dir;
        this.heldRecords = new HeldRecords(dir);
        this.position = start;
    }

    /** Up to {@code max} events after the current position, never beyond {@code durableEnd}. */
    Batch read(int max, SpoolPosition durableEnd) throws IOException {
        List<CallEvent> events = new ArrayList<>();
        long bytes = 0;
        int held = 0;
        while (position.segment() <= durableEnd.segment()) {
            boolean sealed = position.segment() < durableEnd.segment();
            SegmentReader segmentReader = readerFor(position.segment());
            if (segmentReader == null) {
                position = new SpoolPosition(position.segment() + 1, 0);
                continue;
            }
            long limit = sealed ? segmentReader.size() : durableEnd.offset();
            long pos = position.offset();
            boolean segmentDone = false;
            while (events.size() < max) {
                SegmentReader.Next next = segmentReader.next(pos, limit);
                if (next instanceof SegmentReader.Next.Record r) {
                    events.add(r.event());
                    pos += r.frameBytes();
                    bytes += r.frameBytes();
                } else if (next instanceof SegmentReader.Next.Undecodable u) {
                    heldRecords.keep(u.frame(), position.segment(), pos, u.reason());
                    held++;
                    pos += u.frameBytes();
                    bytes += u.frameBytes();
                } else if (next instanceof SegmentReader.Next.Invalid inv) {
                    // Fsynced data that fails its checksum is corruption, not a torn write (recovery cut
                    // those): skip to the next intact record and keep the segment file in quarantine.
                    long resume = segmentReader.nextIntactRecord(pos, limit);
                    long skipTo = resume < 0 ? limit : resume;
                    if (!reported(position.segment(), pos)) {
                        LOG.error("Spool segment {} is damaged at offset {} ({}); {} bytes skipped, the records after "
                                + "them still ship, and the segment file is kept in {} instead of being deleted",
                                position.segment(), pos, inv.reason(), skipTo - pos, dir.quarantinePath());
                    }
                    damaged.add(position.segment());
                    bytes += skipTo - pos;
                    pos = skipTo;
                } else {
                    segmentDone = sealed;
                    break;
                }
            }
            position = new SpoolPosition(position.segment(), pos);
            if (events.isEmpty() && held == 0 && segmentDone && sealed) {
                position = new SpoolPosition(position.segment() + 1, 0);
                continue;
            }
            break;
        }
        return new Batch(List.copyOf(events), position, bytes, held);
    }

    /** Whether a damaged record was found in this segment (it goes to quarantine, not to deletion). */
    boolean isDamaged(long segment) {
        return damaged.contains(segment);
    }

    /**
     * Continues from {@code next} (the shipper's checkpoint after a restart, or past a segment it finished);
     * closes the open segment file when leaving it, so a deleted segment really frees its space.
     */
    void moveTo(SpoolPosition next) throws IOException {
        position = next;
        if (reader != null && readerSegment != next.segment()) {
            reader.close();
            reader = null;
            readerSegment = -1;
        }
    }

    /** True if this bad record was already logged (the active segment is re-read on every poll). */
    private boolean reported(long segment, long offset) {
        SpoolPosition bad = new SpoolPosition(segment, offset);
        if (bad.equals(lastReported)) {
            return true;
        }
        lastReported = bad;
        return false;
    }

    private SegmentReader readerFor(long segment) throws IOException {
        if (readerSegment == segment) {
            return reader;
        }
        if (reader != null) {
            reader.close();
            reader = null;
        }
        readerSegment = segment;
        try {
            reader = new SegmentReader(dir.segmentPath(segment));
        } catch (NoSuchFileException e) {
            reader = null;
        }
        return reader;
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }
}
