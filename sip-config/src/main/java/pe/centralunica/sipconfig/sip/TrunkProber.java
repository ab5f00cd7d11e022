package pe.centralunica.sipconfig.sip;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPTIONS-probes every target on its own schedule and tells the {@link AvailabilityListener} when one goes
 * down or comes back, with hysteresis ({@link ProbeSettings}). A peer that answers anything below 500 (even
 * 404 or 405) is alive; 5xx/6xx, silence and transport errors count as failures. State per target is kept for
 * /health and the admin console ({@link #snapshot()}).
 */
public final class TrunkProber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkProber.class);

    /** What is known about one target, for health pages. */
    public record ProbeStatus(String targetCode, SipPeer peer, boolean up, int consecutiveFailures,
                              int consecutiveSuccesses, String lastResult, Optional<Instant> lastReplyAt) {
    }

    private final SipAgent agent;
    private final ProbeSettings settings;
    private final AvailabilityListener listener;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private boolean started;

    public TrunkProber(SipAgent agent, List<ProbeTarget> targets, ProbeSettings settings, AvailabilityListener listener,
                       ScheduledExecutorService scheduler, Clock clock) {
        this.agent = agent;
        this.settings = settings;
        this.listener = listener;
        this.scheduler = scheduler;
        this.clock = clock;
        for (ProbeTarget t : targets) {
            if (probes.putIfAbsent(t.targetCode(), new Probe(t)) != null) {
                throw new IllegalArgumentException("target " + t.targetCode() + " is probed twice");
            }
        }
    }

    /** Starts probing; targets are spread over one interval so probes do not go out in bursts. */
    public void start() {
        synchronized (probes) {
            started = true;
            long interval = settings.interval().toMillis();
            int i = 0;
            for (Probe p : new TreeMap<>(probes).values()) {
                schedule(p, probes.size() <= 1 ? 0 : interval * i++ / probes.size());
            }
        }
    }

    private void schedule(Probe p, long initialDelayMillis) {
        p.schedule = scheduler.scheduleWithFixedDelay(p::runOnce, initialDelayMillis, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Follows a changed topology: probes of unchanged targets keep their state; new targets start (up, as the
     * board assumes); a removed or re-addressed target that was down is reported up ("no longer probed" at that
     * address), so the routing board never keeps a target down that nobody watches any more.
     */
    public void retarget(List<ProbeTarget> targets) {
        synchronized (probes) {
            Map<String, ProbeTarget> wanted = new TreeMap<>();
            for (ProbeTarget t : targets) wanted.put(t.targetCode(), t);
            for (var it = probes.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                ProbeTarget now = wanted.get(e.getKey());
                if (now == null || !now.equals(e.getValue().target)) {
                    Probe old = e.getValue();
                    if (old.schedule != null) old.schedule.cancel(false);
                    it.remove();
                    if (!old.status().up()) {
                        listener.changed(old.target.targetCode(), true, "no longer probed at " + old.target.peer());
                    }
                }
            }
            for (ProbeTarget t : wanted.values()) {
                if (probes.containsKey(t.targetCode())) continue;
                Probe p = new Probe(t);
                probes.put(t.targetCode(), p);
                if (started) schedule(p, 0);
            }
        }
    }

    public Map<String, ProbeStatus> snapshot() {
        Map<String, ProbeStatus> out = new TreeMap<>();
        probes.forEach((code, p) -> out.put(code, p.status()));
        return out;
    }

    @Override
    public void close() {
        synchronized (probes) {
            started = false;
            probes.values().forEach(p -> {
                if (p.schedule != null) p.schedule.cancel(false);
            });
        }
    }

    private final class Probe {
        private final ProbeTarget target;
        private final Hysteresis state;
        private volatile ProbeStatus status;
        private volatile ScheduledFuture<?> schedule;

        Probe(ProbeTarget target) {
            this.target = target;
            this.state = new Hysteresis(settings.failuresToDown(), settings.successesToUp());
            this.status = new ProbeStatus(target.targetCode(), target.peer(), true, 0, 0, "not probed yet", Optional.empty());
        }

        ProbeStatus status() {
            return status;
        }

        /** One probe, run on the scheduler: waits for the reply (bounded by the timeout), so never overlaps itself. */
        void runOnce() {
            try {
                OptionsOutcome outcome = agent.options(target.peer(), settings.timeout())
                        .get(settings.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
                boolean ok;
                String result;
                Optional<Instant> replyAt = status.lastReplyAt();
                switch (outcome) {
                    case OptionsOutcome.Replied r -> {
                        ok = r.status() < 500;
                        result = r.status() + " " + r.reason() + " in " + r.roundTrip().toMillis() + " ms";
                        replyAt = Optional.of(clock.instant());
                    }
                    case OptionsOutcome.NoReply n -> {
                        ok = false;
                        result = n.reason();
                    }
                }
                Optional<Boolean> changed;
                synchronized (state) {
                    changed = state.record(ok);
                    status = new ProbeStatus(target.targetCode(), target.peer(), state.up(), state.consecutiveFailures(),
                            state.consecutiveSuccesses(), result, replyAt);
                }
                changed.ifPresent(up -> {
                    String reason = up ? "SIP OPTIONS to " + target.peer() + " answered again (" + result + ")"
                            : "SIP OPTIONS to " + target.peer() + " failed " + settings.failuresToDown() + " times (" + result + ")";
                    LOG.warn("{} is {}: {}", target.targetCode(), up ? "UP" : "DOWN", reason);
                    listener.changed(target.targetCode(), up, reason);
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // A scheduled task that throws is never run again: keep probing whatever happened.
                LOG.warn("probe of {} failed unexpectedly", target.targetCode(), e);
            }
        }
    }
}
