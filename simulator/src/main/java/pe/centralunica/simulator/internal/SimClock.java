package pe.centralunica.simulator.internal;

import java.time.Duration;

/**
 * Simulated time. Callers, agents and prompts are described in simulated seconds; {@code scale} converts them
 * to real time (0.01 = a 40 s call takes 0.4 s), so tests run fast while the protocol stays real.
 */
public final class SimClock {
    private final double scale;
    private final long originNanos = System.nanoTime();

    public SimClock(double scale) {
        if (!(scale > 0)) throw new IllegalArgumentException("time scale must be > 0: " + scale);
        this.scale = scale;
    }

    public double scale() {
        return scale;
    }

    /** Simulated milliseconds since the simulator started. */
    public long nowMillis() {
        return (long) ((System.nanoTime() - originNanos) / 1_000_000.0 / scale);
    }

    /** Real nanoseconds that {@code simMillis} simulated milliseconds take. */
    public long realNanos(long simMillis) {
        return (long) (simMillis * 1_000_000.0 * scale);
    }

    /** Simulated milliseconds that {@code realNanos} real nanoseconds represent. */
    public long simMillis(long realNanos) {
        return (long) (realNanos / 1_000_000.0 / scale);
    }

    public long millis(Duration simulated) {
        return simulated.toMillis();
    }

    /** Sleeps for a simulated duration (for things no hang-up can interrupt, such as a load generator's pacing). */
    public void sleep(long simMillis) throws InterruptedException {
        long nanos = realNanos(simMillis);
        if (nanos > 0) Thread.sleep(Duration.ofNanos(nanos));
    }
}
