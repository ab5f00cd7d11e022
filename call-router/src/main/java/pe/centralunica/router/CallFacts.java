package pe.centralunica.router;

import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * What the IVR learned about a call, as the routing rules see it.
 *
 * @param jurisdiction  jurisdiction code (LIMA, CALLAO, TRUJILLO) when known
 * @param district      UBIGEO of the caller's district when known
 * @param emergencyType emergency_type code (CRIME, FIRE, … UNKNOWN)
 * @param at            when the call is routed, in the deployment's time zone (America/Lima)
 */
public record CallFacts(Optional<String> jurisdiction, Optional<String> district, String emergencyType,
                        CallerClass callerClass, ZonedDateTime at) {

    public CallFacts {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(district, "district");
        Objects.requireNonNull(emergencyType, "emergencyType");
        Objects.requireNonNull(callerClass, "callerClass");
        Objects.requireNonNull(at, "at");
    }
}
