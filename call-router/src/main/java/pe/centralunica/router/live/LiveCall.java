package pe.centralunica.router.live;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A call Asterisk holds now, as the AMI stream and the IVR's channel variables describe it.
 *
 * @param callId       the call record's id (CU_CALL_ID), empty until the IVR set it (or for fallback calls)
 * @param queue        the queue it waits in or was answered from (empty while in the IVR or dialing a trunk)
 * @param state        where the call is
 * @param answeredBy   the queue member interface (dispatcher phone, e.g. PJSIP/disp-150122-01) or trunk
 * @param variables    the CU_* channel variables seen (CU_TYPE, CU_DISTRICT, CU_CLASS, CU_LANG, CU_RULE …)
 */
public record LiveCall(Optional<String> callId, String uniqueid, String linkedid, String channel, String callerNumber,
                       String dialled, State state, Optional<String> queue, Optional<Instant> queuedAt,
                       Optional<String> answeredBy, Instant arrivedAt, Map<String, String> variables) {

    public LiveCall {
        variables = Map.copyOf(variables);
    }

    public enum State { IVR, QUEUED, RINGING, CONNECTED, DIALING, ENDED }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isEmpty());
    }
}
