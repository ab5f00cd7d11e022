package pe.centralunica.sipconfig.sip;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves, on a schedule, that the universal number answers end to end: places the configured test call through
 * the {@link SipAgent} and keeps figures for /metrics and the admin console. Calls never overlap (fixed delay
 * on one scheduled task). The calls are recorded by the IVR like any other, marked as tests (the dialplan's
 * {@code cu-monitoring} context sets {@code CU_TEST=1}), and so kept out of statistics.
 */
public final class SyntheticCallMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyntheticCallMonitor.class);

    /**
     * Figures for /metrics. {@code alarm}: at least {@code alarmAfterFailures} consecutive failures.
     */
    public record Stats(long attempts, long successes, long failures, int consecutiveFailures, boolean alarm,
                        Optional<SyntheticCallResult> last, Optional<Instant> lastSuccessAt, Optional<Duration> lastAnswerLatency) {
    }

    private final SipAgent agent;
    private final SyntheticCallSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Consumer<SyntheticCallResult> onResult;
    private final Object lock = new Object();
    private Stats stats = new Stats(0, 0, 0, 0, false, Optional.empty(), Optional.empty(), Optional.empty());
    private ScheduledFuture<?> schedule;

    /** {@code onResult}: told of every result (alarms, admin console); called on the monitor's thread. */
    public SyntheticCallMonitor(SipAgent agent, SyntheticCallSettings settings, ScheduledExecutorService scheduler,
                                Consumer<SyntheticCallResult> onResult) {
        this.agent = agent;
        this.settings = settings;
        this.scheduler = scheduler;
        this.onResult = onResult;
    }

    public void start() {
        synchronized (lock) {
            if (schedule != null) return;
            schedule = scheduler.scheduleWithFixedDelay(this::runQuietly, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Places one test call now and records it (an admin's "test now"; blocks for the call's length). */
    public SyntheticCallResult runOnce() {
        SyntheticCallResult result = agent.call(settings.plan());
        synchronized (lock) {
            Stats s = stats;
            int consecutive = result.success() ? 0 : s.consecutiveFailures() + 1;
            stats = new Stats(s.attempts() + 1, s.successes() + (result.success() ? 1 : 0), s.failures() + (result.success() ? 0 : 1),
                    consecutive, consecutive >= settings.alarmAfterFailures(), Optional.of(result),
                    result.success() ? Optional.of(result.startedAt()) : s.lastSuccessAt(),
                    result.answerLatency().isPresent() ? result.answerLatency() : s.lastAnswerLatency());
            if (stats.alarm()) {
                LOG.error("ALARM: synthetic call to {} failed {} times in a row: {}", settings.plan().number(), consecutive,
                        result.failureReason().orElse("?"));
            }
        }
        onResult.accept(result);
        return result;
    }

    public Stats stats() {
        synchronized (lock) {
            return stats;
        }
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again.
            LOG.warn("synthetic call failed unexpectedly", e);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (schedule != null) schedule.cancel(true);
            schedule = null;
        }
    }
}
