package pe.centralunica.db.journal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventEncodingTest {

    private final CallEvent event = new CallEvent(UUID.randomUUID(), UUID.randomUUID(), 3,
            Instant.parse("2026-11-22T03:00:00.123456789Z"), CallEventType.NOTE,
            Map.of("text", "Señora en Jesús María dice: \"¡ayuda!\"\n", "by", "disp-1"));

    @Test
    void spoolRecordRoundTripsEveryFieldIncludingNanosAndUnicode() {
        byte[] bytes = EventCodec.encode(event);

        assertThat(EventCodec.decode(ByteBuffer.wrap(bytes))).isEqualTo(event);
    }

    @Test
    void truncatedPayloadIsRejectedNotMisread() {
        byte[] bytes = EventCodec.encode(event);
        ByteBuffer cut = ByteBuffer.wrap(bytes, 0, bytes.length - 5).slice();

        assertThatThrownBy(() -> EventCodec.decode(cut)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonForTheJsonbColumnEscapesQuotesControlsAndReplacesNul() {
        String json = JsonText.object(Map.of("b", "a\"b\\c\n\u0001", "a", "x\u0000y"));

        assertThat(json).isEqualTo("{\"a\":\"x\\ufffdy\",\"b\":\"a\\\"b\\\\c\\n\\u0001\"}");
    }
}
