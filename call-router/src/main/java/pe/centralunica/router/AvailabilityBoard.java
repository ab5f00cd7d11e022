package pe.centralunica.router;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which route targets are known to be down, and why. Fed by the AMI queue-member feed (no logged-in agents)
 * and the SIP OPTIONS probe (trunk unreachable); read by every routing decision. Reads never lock
 * (ConcurrentHashMap lookups); a target not on the board is up.
 */
public final class AvailabilityBoard {

    private final Map<String, String> down = new ConcurrentHashMap<>();

    /** Marks a target down; a later call replaces the reason. */
    public void markDown(String targetCode, String reason) {
        Objects.requireNonNull(targetCode, "targetCode");
        down.put(targetCode, reason == null || reason.isBlank() ? "marked down" : reason);
    }

    /** Marks a target up again (no effect when it was not down). */
    public void markUp(String targetCode) {
        down.remove(targetCode);
    }

    /** Why the target is down, or empty when it is up (or unknown to the board). */
    public Optional<String> downReason(String targetCode) {
        return Optional.ofNullable(down.get(targetCode));
    }

    /** A copy of the board, for health pages and the admin console. */
    public Map<String, String> snapshot() {
        return Map.copyOf(down);
    }
}
