package pe.centralunica.console.health;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The health report at most {@link #MAX_AGE} old: /health is public, so however often anyone asks, the database
 * and the other dependencies are checked at most once per period (one caller runs the checks, the others wait
 * for that answer instead of starting their own).
 */
public final class CachedHealth {

    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final HealthReport report;
    private final LongSupplier nanoClock;
    private HealthReport.Result last;
    private long lastAt;

    public CachedHealth(HealthReport report) {
        this(report, System::nanoTime);
    }

    CachedHealth(HealthReport report, LongSupplier nanoClock) {
        this.report = report;
        this.nanoClock = nanoClock;
    }

    public synchronized HealthReport.Result current() {
        long now = nanoClock.getAsLong();
        if (last == null || now - lastAt >= MAX_AGE.toNanos()) {
            last = report.run();
            lastAt = nanoClock.getAsLong();
        }
        return last;
    }
}
