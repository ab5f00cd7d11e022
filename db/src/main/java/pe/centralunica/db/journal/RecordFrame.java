package pe.centralunica.db.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Framing of spool records: {@code int length | int crc32c(payload) | payload}. A frame whose length is out
 * of range, runs past the data, or whose checksum does not match marks the end of the valid log (a torn
 * write after a crash, or corruption).
 */
final class RecordFrame {

    static final int HEADER_BYTES = 8;
    static final int MAX_PAYLOAD_BYTES = 1 << 20;

    private RecordFrame() {
    }

    static ByteBuffer frame(byte[] payload) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("event too large for the spool: " + payload.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        buf.putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload).flip();
        return buf;
    }

    /**
     * Result of looking at the bytes at a position: a complete valid record, not enough bytes yet to tell,
     * or an invalid record.
     */
    sealed interface Scan {
        record Valid(ByteBuffer payload, int frameBytes) implements Scan {
        }

        record Incomplete(int bytesNeeded) implements Scan {
        }

        record Invalid(String reason) implements Scan {
        }
    }

    /** Inspects the frame starting at {@code buf.position()} without consuming it. */
    static Scan scan(ByteBuffer buf) {
        int start = buf.position();
        if (buf.remaining() < HEADER_BYTES) {
            return new Scan.Incomplete(HEADER_BYTES);
        }
        int length = buf.getInt(start);
        int crc = buf.getInt(start + 4);
        if (length <= 0 || length > MAX_PAYLOAD_BYTES) {
            return new Scan.Invalid("impossible record length " + length);
        }
        if (buf.remaining() < HEADER_BYTES + length) {
            return new Scan.Incomplete(HEADER_BYTES + length);
        }
        int payloadStart = buf.arrayOffset() + start + HEADER_BYTES;
        if (crc(buf.array(), payloadStart, length) != crc) {
            return new Scan.Invalid("checksum mismatch");
        }
        ByteBuffer payload = ByteBuffer.wrap(buf.array(), payloadStart, length).slice();
        return new Scan.Valid(payload, HEADER_BYTES + length);
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
