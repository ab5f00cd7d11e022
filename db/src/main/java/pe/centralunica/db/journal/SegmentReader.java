package pe.centralunica.db.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads framed records from one segment file with positional reads (safe beside the writer). */
final class SegmentReader implements AutoCloseable {

    private static final int CHUNK = 256 * 1024;

    /**
     * What lies at a position: a record, an intact record this build cannot decode (a newer version or event
     * kind: written by another build, to be kept, never cut off), the end of the data, or bytes that are no
     * valid record.
     */
    sealed interface Next {
        record Record(CallEvent event, int frameBytes) implements Next {
        }

        record Undecodable(byte[] frame, String reason) implements Next {
            int frameBytes() {
                return frame.length;
            }
        }

        record End() implements Next {
        }

        record Invalid(String reason) implements Next {
        }
    }

    private final FileChannel channel;
    private ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    private long bufStart = -1;

    SegmentReader(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    long size() throws IOException {
        return channel.size();
    }

    /** The record starting at {@code pos}, considering only bytes before {@code limit}. */
    Next next(long pos, long limit) throws IOException {
        if (pos >= limit) {
            return new Next.End();
        }
        int need = RecordFrame.HEADER_BYTES;
        while (true) {
            if (pos + need > limit) {
                return new Next.Invalid("record runs past the end of the data (" + (limit - pos) + " bytes left)");
            }
            if (bufStart < 0 || pos < bufStart || pos + need > bufStart + buf.limit()) {
                fill(pos, need, limit);
            }
            ByteBuffer view = buf.duplicate();
            view.position((int) (pos - bufStart));
            switch (RecordFrame.scan(view)) {
                case RecordFrame.Scan.Valid v -> {
                    try {
                        return new Next.Record(EventCodec.decode(v.payload().duplicate()), v.frameBytes());
                    } catch (IllegalArgumentException e) {
                        // The checksum holds, so these are the bytes a writer meant: keep them.
                        byte[] frame = new byte[v.frameBytes()];
                        ByteBuffer raw = buf.duplicate();
                        raw.position((int) (pos - bufStart));
                        raw.get(frame);
                        return new Next.Undecodable(frame, e.getMessage());
                    }
                }
                case RecordFrame.Scan.Incomplete i -> {
                    if (i.bytesNeeded() <= need) {
                        return new Next.Invalid("short read at " + pos);
                    }
                    need = i.bytesNeeded();
                }
                case RecordFrame.Scan.Invalid inv -> {
                    return new Next.Invalid(inv.reason());
                }
            }
        }
    }

    /**
     * The position of the next intact record after {@code pos} (corruption in the middle of a segment: the
     * records behind it are still good), or -1 when none follows — then the damage is a torn tail.
     */
    long nextIntactRecord(long pos, long limit) throws IOException {
        for (long at = pos + 1; at + RecordFrame.HEADER_BYTES <= limit; at++) {
            Next next = next(at, limit);
            if (next instanceof Next.Record || next instanceof Next.Undecodable) {
                return at;
            }
        }
        return -1;
    }

    private void fill(long pos, int need, long limit) throws IOException {
        int want = (int) Math.min(Math.max(CHUNK, need), limit - pos);
        if (buf.capacity() < want) {
            buf = ByteBuffer.allocate(want);
        }
        buf.clear().limit(want);
        long at = pos;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        buf.flip();
        bufStart = pos;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
