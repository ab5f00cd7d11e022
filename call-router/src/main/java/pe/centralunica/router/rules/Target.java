package pe.centralunica.router.rules;

import pe.centralunica.router.RouteStep;

import java.util.Objects;
import java.util.Optional;

/**
 * A route_target row: something Asterisk can ring.
 *
 * @param asteriskName queue name, trunk endpoint or device endpoint
 * @param dialNumber   for trunks: the number dialled on the trunk
 */
public record Target(String code, Kind kind, String asteriskName, Optional<String> dialNumber,
                     int ringTimeoutSeconds, boolean enabled) {

    public enum Kind { QUEUE, TRUNK, ENDPOINT }

    public Target {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(asteriskName, "asteriskName");
        Objects.requireNonNull(dialNumber, "dialNumber");
    }

    /** The step the dialplan runs: Queue(name) for queues, Dial(PJSIP/…) for trunks and endpoints. */
    public RouteStep step(int ringTimeoutSeconds) {
        return switch (kind) {
            case QUEUE -> new RouteStep(code, RouteStep.Kind.QUEUE, asteriskName, ringTimeoutSeconds);
            case TRUNK -> new RouteStep(code, RouteStep.Kind.DIAL,
                    "PJSIP/" + dialNumber.orElse("") + "@" + asteriskName, ringTimeoutSeconds);
            case ENDPOINT -> new RouteStep(code, RouteStep.Kind.DIAL, "PJSIP/" + asteriskName, ringTimeoutSeconds);
        };
    }
}
