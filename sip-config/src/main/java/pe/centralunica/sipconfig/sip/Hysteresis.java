package pe.centralunica.sipconfig.sip;

import java.util.Optional;

/**
 * Up/down state with hysteresis: a target starts up (as the routing board assumes), goes down after
 * {@code failuresToDown} consecutive failed probes, and comes back up after {@code successesToUp} consecutive
 * good ones. One lost UDP packet therefore never flaps a trunk. Not thread-safe: one prober owns each instance.
 */
final class Hysteresis {
    private final int failuresToDown;
    private final int successesToUp;
    private boolean up = true;
    private int failures;
    private int successes;

    Hysteresis(int failuresToDown, int successesToUp) {
        if (failuresToDown < 1 || successesToUp < 1) throw new IllegalArgumentException("thresholds must be >= 1");
        this.failuresToDown = failuresToDown;
        this.successesToUp = successesToUp;
    }

    /** Records one probe; returns the new state when this probe changed it. */
    Optional<Boolean> record(boolean success) {
        if (success) {
            failures = 0;
            successes++;
            if (!up && successes >= successesToUp) {
                up = true;
                return Optional.of(true);
            }
        } else {
            successes = 0;
            failures++;
            if (up && failures >= failuresToDown) {
                up = false;
                return Optional.of(false);
            }
        }
        return Optional.empty();
    }

    boolean up() {
        return up;
    }

    int consecutiveFailures() {
        return failures;
    }

    int consecutiveSuccesses() {
        return successes;
    }
}
