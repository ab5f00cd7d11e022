package pe.centralunica.console.kpi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The two periodic jobs behind the supervisors' figures, on the console's pool and off the call path: the KPI gauges
 * every {@link #GAUGES_EVERY}, the reports' roll-up (ended calls of the last {@link #ROLLUP_WINDOW}) every
 * {@link #ROLLUP_EVERY}. A failure is logged and retried at the next tick; calls are never affected.
 */
final class SupervisorFigures implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisorFigures.class);
    static final Duration GAUGES_EVERY = Duration.ofSeconds(15);
    static final Duration ROLLUP_EVERY = Duration.ofMinutes(1);
    static final Duration ROLLUP_WINDOW = Duration.ofDays(2);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("supervisor-figures").factory());

    private SupervisorFigures() {
    }

    public static SupervisorFigures start(KpiQueries kpis, LiveDesks desks, KpiGauges gauges, KpiRollup rollup, ZoneId zone) {
        SupervisorFigures jobs = new SupervisorFigures();
        jobs.timer.scheduleWithFixedDelay(() -> {
            try {
                Instant now = Instant.now();
                Instant midnight = LocalDate.now(zone).atStartOfDay(zone).toInstant();
                KpiQueries.LiveFigures today = kpis.liveCityAndCentrals(midnight, now);
                gauges.update(today.city(), today.byCentral(), desks.now(now));
            } catch (RuntimeException e) {
                LOG.warn("KPI gauges not refreshed (will retry in {} s): {}", GAUGES_EVERY.toSeconds(), e.getMessage());
            }
        }, 0, GAUGES_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        jobs.timer.scheduleWithFixedDelay(() -> {
            try {
                rollup.refresh(ROLLUP_WINDOW);
            } catch (RuntimeException e) {
                LOG.warn("KPI roll-up for reports failed (will retry in {} s): {}", ROLLUP_EVERY.toSeconds(), e.getMessage());
            }
        }, 5_000, ROLLUP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return jobs;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
