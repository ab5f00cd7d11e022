package pe.centralunica.sipconfig.sip;

import java.time.Duration;

/**
 * OPTIONS probing: one probe per target every {@code interval}, each waiting at most {@code timeout}; a target
 * is reported down after {@code failuresToDown} consecutive failures and up after {@code successesToUp}
 * consecutive successes.
 */
public record ProbeSettings(Duration interval, Duration timeout, int failuresToDown, int successesToUp) {
    public ProbeSettings {
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        if (failuresToDown < 1 || successesToUp < 1) throw new IllegalArgumentException("thresholds must be >= 1");
    }

    /** 10 s apart, 2 s timeout, down after 3 misses (≤ ~32 s), up after 2 answers. */
    public static ProbeSettings defaults() {
        return new ProbeSettings(Duration.ofSeconds(10), Duration.ofSeconds(2), 3, 2);
    }
}
