package pe.centralunica.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A time that varies from one call to the next the way people's times do: log-normal around {@code median} (half
 * the draws shorter, half longer, a long tail of slow ones), clamped to {@code [min, max]}. {@code sigma} is the
 * spread in log space: 0 is a fixed time; 0.35 puts about 90% of draws between 0.56× and 1.78× the median.
 */
public record Spread(Duration median, double sigma, Duration min, Duration max) {

    public Spread {
        Objects.requireNonNull(median, "median");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a finite number >= 0, got " + sigma);
        }
        if (min.isNegative() || min.compareTo(max) > 0 || median.compareTo(min) < 0 || median.compareTo(max) > 0) {
            throw new IllegalArgumentException("need 0 <= min <= median <= max, got " + min + ", " + median + ", " + max);
        }
    }

    public static Spread fixed(Duration d) {
        return new Spread(d, 0, d, d);
    }

    /** Log-normal around {@code median}, clamped to {@code [min, max]}. */
    public static Spread around(Duration median, double sigma, Duration min, Duration max) {
        return new Spread(median, sigma, min, max);
    }

    /** One draw from {@code random} (the caller supplies a seeded generator, so a run can be replayed). */
    public Duration draw(RandomGenerator random) {
        if (sigma == 0) {
            return median;
        }
        double millis = median.toMillis() * Math.exp(sigma * random.nextGaussian());
        return Duration.ofMillis(Math.clamp(Math.round(millis), min.toMillis(), max.toMillis()));
    }
}
