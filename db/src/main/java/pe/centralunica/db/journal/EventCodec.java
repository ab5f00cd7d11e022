package pe.centralunica.db.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The spool's binary form of a {@link CallEvent}. Types travel by name (not ordinal) so reordering the enum
 * never reinterprets an old spool; the leading version byte lets a later format coexist with this one.
 */
final class EventCodec {

    private static final byte VERSION = 1;

    private EventCodec() {
    }

    static byte[] encode(CallEvent event) {
        byte[] type = utf8(event.type().name());
        int size = 1 + 16 + 16 + 4 + 8 + 4 + 2 + type.length + 2;
        byte[][] kv = new byte[event.data().size() * 2][];
        int i = 0;
        for (Map.Entry<String, String> e : event.data().entrySet()) {
            kv[i] = utf8(e.getKey());
            kv[i + 1] = utf8(e.getValue());
            size += 8 + kv[i].length + kv[i + 1].length;
            i += 2;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.put(VERSION);
        putUuid(buf, event.eventId());
        putUuid(buf, event.callId());
        buf.putInt(event.seq());
        buf.putLong(event.at().getEpochSecond());
        buf.putInt(event.at().getNano());
        buf.putShort((short) type.length).put(type);
        buf.putShort((short) event.data().size());
        for (byte[] bytes : kv) {
            buf.putInt(bytes.length).put(bytes);
        }
        return buf.array();
    }

    /** Decodes one payload; throws {@link IllegalArgumentException} when it is not a valid event. */
    static CallEvent decode(ByteBuffer buf) {
        try {
            byte version = buf.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown spool record version " + version);
            }
            UUID eventId = getUuid(buf);
            UUID callId = getUuid(buf);
            int seq = buf.getInt();
            Instant at = Instant.ofEpochSecond(buf.getLong(), buf.getInt());
            CallEventType type = CallEventType.valueOf(string(buf, Short.toUnsignedInt(buf.getShort())));
            int entries = Short.toUnsignedInt(buf.getShort());
            Map<String, String> data = LinkedHashMap.newLinkedHashMap(entries);
            for (int i = 0; i < entries; i++) {
                String key = string(buf, buf.getInt());
                data.put(key, string(buf, buf.getInt()));
            }
            return new CallEvent(eventId, callId, seq, at, type, data);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("undecodable spool record: " + e.getMessage(), e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(ByteBuffer buf, int length) {
        if (length < 0 || length > buf.remaining()) {
            throw new IllegalArgumentException("string length " + length + " exceeds record");
        }
        String s = new String(buf.array(), buf.arrayOffset() + buf.position(), length, StandardCharsets.UTF_8);
        buf.position(buf.position() + length);
        return s;
    }

    private static void putUuid(ByteBuffer buf, UUID id) {
        buf.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    }

    private static UUID getUuid(ByteBuffer buf) {
        return new UUID(buf.getLong(), buf.getLong());
    }
}
