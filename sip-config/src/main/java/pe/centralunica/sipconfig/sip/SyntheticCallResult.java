package pe.centralunica.sipconfig.sip;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How one test call went. {@code success}: answered within the timeout, every DTMF INFO accepted, and the far end
 * kept the call up until we hung up. {@code answerLatency}: INVITE sent → 200 OK received.
 *
 * @param finalStatus the INVITE's final SIP status (0 when none arrived)
 */
public record SyntheticCallResult(Instant startedAt, boolean success, Optional<Duration> answerLatency,
                                  Optional<String> failureReason, int finalStatus, int digitsSent) {

    static SyntheticCallResult failed(Instant startedAt, Optional<Duration> latency, String reason, int status, int digits) {
        return new SyntheticCallResult(startedAt, false, latency, Optional.of(reason), status, digits);
    }
}
