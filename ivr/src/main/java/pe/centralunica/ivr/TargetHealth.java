package pe.centralunica.ivr;

import java.util.Optional;

/** Whether a route target is known to be down now (the routing engine's availability board answers). */
@FunctionalInterface
public interface TargetHealth {

    /** Why the target is down, or empty when it is up or unknown. Must not block. */
    Optional<String> downReason(String targetCode);

    TargetHealth ALL_UP = code -> Optional.empty();
}
