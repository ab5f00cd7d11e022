package pe.centralunica.sipconfig.sip;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import pe.centralunica.sipconfig.asterisk.Secrets;
import pe.centralunica.sipconfig.topology.SipTopology;

/**
 * The SIP watch of a node in one object, for the app to wire: one {@link JainSipAgent}, the {@link TrunkProber}
 * over the topology's probed trunks, and (when configured) the {@link SyntheticCallMonitor}. The app passes
 * the routing board's markDown/markUp as the {@link AvailabilityListener} and reads {@link #probes()} and
 * {@link #synthetic()} for /health and /metrics.
 */
public final class SipMonitoring implements AutoCloseable {

    /**
     * @param bindHost  address the SIP agent binds and advertises (must be reachable from the trunks and Asterisk)
     * @param bindPort  its UDP port
     * @param synthetic test calls, or empty to place none
     */
    public record Settings(String bindHost, int bindPort, ProbeSettings probes, Optional<SyntheticCallSettings> synthetic) {
    }

    private final JainSipAgent agent;
    private final TrunkProber prober;
    private final SyntheticCallMonitor monitor;
    private final ScheduledExecutorService scheduler;

    private SipMonitoring(JainSipAgent agent, TrunkProber prober, SyntheticCallMonitor monitor, ScheduledExecutorService scheduler) {
        this.agent = agent;
        this.prober = prober;
        this.monitor = monitor;
        this.scheduler = scheduler;
    }

    /**
     * Settings from environment variables (defaults in brackets): {@code CU_SIP_AGENT_HOST} [127.0.0.1],
     * {@code CU_SIP_AGENT_PORT} [5070], {@code CU_SIP_PROBE_INTERVAL_S} [10], {@code CU_SIP_PROBE_TIMEOUT_MS} [2000],
     * {@code CU_SIP_PROBE_DOWN_AFTER} [3], {@code CU_SIP_PROBE_UP_AFTER} [2]; synthetic calls only when
     * {@code CU_SYNTHETIC_TARGET} ({@code host:port} of Asterisk's SIP) is set: {@code CU_SYNTHETIC_NUMBER} [911],
     * {@code CU_SYNTHETIC_DIGITS} [ww2ww22], {@code CU_SYNTHETIC_INTERVAL_S} [300], {@code CU_MONITOR_ENDPOINT}
     * [cu-monitor] whose secret comes from {@link Secrets}. A bad value throws naming the variable.
     */
    public static Settings settingsFrom(Map<String, String> env, Secrets secrets) {
        String host = env.getOrDefault("CU_SIP_AGENT_HOST", "127.0.0.1");
        int port = integer(env, "CU_SIP_AGENT_PORT", 5070, 1, 65535);
        ProbeSettings probes = new ProbeSettings(Duration.ofSeconds(integer(env, "CU_SIP_PROBE_INTERVAL_S", 10, 1, 3600)),
                Duration.ofMillis(integer(env, "CU_SIP_PROBE_TIMEOUT_MS", 2000, 50, 60_000)),
                integer(env, "CU_SIP_PROBE_DOWN_AFTER", 3, 1, 100), integer(env, "CU_SIP_PROBE_UP_AFTER", 2, 1, 100));
        Optional<SyntheticCallSettings> synthetic = Optional.empty();
        String target = env.get("CU_SYNTHETIC_TARGET");
        if (target != null && !target.isBlank()) {
            int colon = target.lastIndexOf(':');
            SipPeer asterisk;
            try {
                asterisk = colon < 0 ? new SipPeer(target.strip(), 5060)
                        : new SipPeer(target.substring(0, colon).strip(), Integer.parseInt(target.substring(colon + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("CU_SYNTHETIC_TARGET: '" + target + "' is not host:port");
            }
            String endpoint = env.getOrDefault("CU_MONITOR_ENDPOINT", "cu-monitor");
            SyntheticCallSettings usual;
            try {
                usual = SyntheticCallSettings.of(asterisk, env.getOrDefault("CU_SYNTHETIC_NUMBER", "911"), endpoint,
                        Optional.of(secrets.require(endpoint, "monitoring endpoint")), env.getOrDefault("CU_SYNTHETIC_DIGITS", "ww2ww22"));
            } catch (Secrets.MissingSecretException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("CU_SYNTHETIC_NUMBER / CU_SYNTHETIC_DIGITS / CU_MONITOR_ENDPOINT: " + e.getMessage());
            }
            synthetic = Optional.of(new SyntheticCallSettings(usual.plan(),
                    Duration.ofSeconds(integer(env, "CU_SYNTHETIC_INTERVAL_S", 300, 10, 86_400)), usual.alarmAfterFailures()));
        }
        return new Settings(host, port, probes, synthetic);
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not a whole number from " + min + " to " + max);
        }
    }

    /** Starts the agent, the probes of {@code topology}'s trunks and, if configured, the synthetic calls. */
    public static SipMonitoring start(Settings settings, SipTopology topology, AvailabilityListener availability,
                                      Consumer<SyntheticCallResult> onSyntheticResult) {
        JainSipAgent agent = JainSipAgent.start(settings.bindHost(), settings.bindPort());
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
                Thread.ofPlatform().name("cu-sip-monitor-", 0).daemon(true).factory());
        List<ProbeTarget> targets = ProbeTarget.from(topology);
        TrunkProber prober = new TrunkProber(agent, targets, settings.probes(), availability, scheduler, Clock.systemUTC());
        prober.start();
        SyntheticCallMonitor monitor = settings.synthetic()
                .map(s -> new SyntheticCallMonitor(agent, s, scheduler, onSyntheticResult)).orElse(null);
        if (monitor != null) monitor.start();
        return new SipMonitoring(agent, prober, monitor, scheduler);
    }

    /** After an admin change: probe the trunks of the new topology (see {@link TrunkProber#retarget}). */
    public void retarget(SipTopology topology) {
        prober.retarget(ProbeTarget.from(topology));
    }

    /** For /health: which probed targets are down (and why), and whether synthetic calls are in alarm. */
    public record Health(Map<String, String> downTargets, boolean syntheticAlarm, Optional<String> lastSyntheticFailure) {
        public boolean allUp() {
            return downTargets.isEmpty() && !syntheticAlarm;
        }
    }

    public Health health() {
        Map<String, String> down = new java.util.TreeMap<>();
        prober.snapshot().forEach((code, st) -> {
            if (!st.up()) down.put(code, st.lastResult());
        });
        Optional<SyntheticCallMonitor.Stats> s = synthetic();
        return new Health(down, s.map(SyntheticCallMonitor.Stats::alarm).orElse(false),
                s.flatMap(SyntheticCallMonitor.Stats::last).filter(r -> !r.success()).flatMap(SyntheticCallResult::failureReason));
    }

    public Map<String, TrunkProber.ProbeStatus> probes() {
        return prober.snapshot();
    }

    public Optional<SyntheticCallMonitor.Stats> synthetic() {
        return Optional.ofNullable(monitor).map(SyntheticCallMonitor::stats);
    }

    /** Places a test call now (the admin console's "test now"); empty when synthetic calls are not configured. */
    public Optional<SyntheticCallResult> testNow() {
        return Optional.ofNullable(monitor).map(SyntheticCallMonitor::runOnce);
    }

    @Override
    public void close() {
        if (monitor != null) monitor.close();
        prober.close();
        scheduler.shutdownNow();
        agent.close();
    }
}
