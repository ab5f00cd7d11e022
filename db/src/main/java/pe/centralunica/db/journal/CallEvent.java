package pe.centralunica.db.journal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One step in a call's timeline. Ids are made by the node that saw the step, so a replay after an outage
 * is idempotent: PostgreSQL keeps the first copy of every {@code eventId}.
 *
 * @param seq position in the call's timeline, starting at 0 (ARRIVED); unique per call
 */
public record CallEvent(UUID eventId, UUID callId, int seq, Instant at, CallEventType type, Map<String, String> data) {

    public CallEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, got " + seq);
        }
        data = Map.copyOf(data);
    }

    public static CallEvent of(UUID callId, int seq, CallEventType type, Map<String, String> data) {
        return new CallEvent(UUID.randomUUID(), callId, seq, Instant.now(), type, data);
    }
}
