package pe.centralunica.exchange.webhook;

import java.time.Duration;

/** Exponential backoff between delivery attempts: base, 2×base, 4×base … capped at max. Never gives up. */
public record Backoff(Duration base, Duration max) {

    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max, not " + base + " / " + max);
        }
    }

    /** The wait after the {@code attempts}-th failed attempt (1 = the first failure). */
    public Duration after(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        long millis = base.toMillis() << doublings;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
