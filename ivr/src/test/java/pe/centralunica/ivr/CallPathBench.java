package pe.centralunica.ivr;

import com.sun.management.OperatingSystemMXBean;
import pe.centralunica.db.Database;
import pe.centralunica.db.journal.JournalSettings;
import pe.centralunica.db.journal.SpooledCallJournal;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.RoutingTable;
import pe.centralunica.router.store.JdbcRuleRepository;
import pe.centralunica.router.store.RuleReloader;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The call path under load from a SEPARATE simulator process (its CPU is not ours): this JVM runs the IVR
 * with the real router (reference rules from PostgreSQL) and the real journal (spool + shipping to
 * PostgreSQL). For each phase it prints the app's CPU per call (including shipping the call's events to
 * PostgreSQL), the most sessions in flight, and the AGI command latency the simulated Asterisk saw.
 * With {@code -Dbench.stock=true} asterisk-java's stock pool serves instead of virtual threads.
 *
 * <pre>
 * -Dbench.simulatorClasspath=…  (required)   -Dbench.phases=100x30,200x30   (calls/s x seconds)
 * -Dbench.simArgs="--prompt-seconds 2"      extra simulator options (e.g. longer prompts to hold more calls)
 * </pre>
 */
public final class CallPathBench {

    public static void main(String[] args) throws Exception {
        String simulatorClasspath = System.getProperty("bench.simulatorClasspath");
        if (simulatorClasspath == null) {
            throw new IllegalArgumentException("-Dbench.simulatorClasspath is required (see ivr/README.md)");
        }
        boolean stock = Boolean.getBoolean("bench.stock");
        String[] phases = System.getProperty("bench.phases", "100x30,200x30").split(",");
        String extra = System.getProperty("bench.simArgs", "");
        Path spool = Files.createTempDirectory("callpath-bench-spool");
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Database db = TestDatabases.fresh();
             SpooledCallJournal journal = SpooledCallJournal.start(JournalSettings.defaults(spool), db.dataSource())) {
            LiveRouter router = new LiveRouter(RoutingTable.lastResortOnly(), new AvailabilityBoard());
            try (RuleReloader reloader = new RuleReloader(new JdbcRuleRepository(db.dataSource()), router)) {
                reloader.checkNow();
            }
            // -Dbench.journal=discard isolates the journal's share of the cost (records are then NOT kept).
            pe.centralunica.db.journal.CallJournal used = "discard".equals(System.getProperty("bench.journal"))
                    ? event -> { } : journal;
            try (IvrServer ivr = IvrServer.start(IvrSettings.defaults().withPort(0), db.dataSource(), router, used,
                    FlowDefinition.fromClasspath(), Clock.systemUTC(), stock)) {
                System.out.printf("server: %s, heap max %d MiB, %d cores%n", stock ? "asterisk-java stock pool (10-500 threads)"
                        : "virtual thread per session", Runtime.getRuntime().maxMemory() >> 20, os.getAvailableProcessors());
                runPhase(ivr, journal, os, simulatorClasspath, "20x10", extra, "warm-up");
                for (String phase : phases) {
                    runPhase(ivr, journal, os, simulatorClasspath, phase.trim(), extra, "phase " + phase.trim());
                }
            }
        }
    }

    private static void runPhase(IvrServer ivr, SpooledCallJournal journal, OperatingSystemMXBean os, String cp,
                                 String phase, String extra, String label) throws Exception {
        String[] rd = phase.split("x");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", cp, "pe.centralunica.simulator.SimulatorMain",
                "--agi", "127.0.0.1:" + ivr.port(), "--rate", rd[0], "--duration", rd[1], "--time-scale", "1",
                "--dispatchers", "50", "--metro", "200", "--answer-after", "1", "--talk-for", "1", "--drain", "600"));
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        IvrStats before = ivr.stats();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        AtomicInteger peak = new AtomicInteger();
        StringBuilder timeline = new StringBuilder();
        Thread sampler = Thread.ofVirtual().start(() -> {
            long lastCpu = os.getProcessCpuTime();
            long lastSessions = ivr.stats().sessions();
            int ticks = 0;
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(ivr.stats().activeSessions(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                if (++ticks % 100 == 0) {
                    long c = os.getProcessCpuTime();
                    long n = ivr.stats().sessions();
                    timeline.append(String.format(" [%ds: cpu %.0f%% of a core, +%d sessions, %d active]", ticks / 20,
                            (c - lastCpu) / 5e7, n - lastSessions, ivr.stats().activeSessions()));
                    lastCpu = c;
                    lastSessions = n;
                }
            }
        });
        // The simulator's output goes to a file: reading its log in this JVM would be charged to the app.
        Path simLog = Files.createTempFile("callpath-bench-sim", ".log");
        Process sim = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(simLog.toFile()).start();
        sim.waitFor();
        String summary = "";
        for (String line : Files.readAllLines(simLog, StandardCharsets.UTF_8)) {
            if (line.startsWith("simulator summary")) {
                summary = line.substring("simulator summary: ".length());
            }
        }
        sampler.interrupt();
        // Charge the call's records to the call: wait until every event is in PostgreSQL.
        while (journal.stats().unshippedEvents() > 0) {
            Thread.sleep(100);
        }
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        IvrStats after = ivr.stats();
        long sessions = after.sessions() - before.sessions();
        System.out.printf("%s: %d AGI sessions, peak %d in flight; app CPU %.3f ms/session (incl. shipping records); "
                        + "wall %.1f s; routed %d, fallback %d%n   simulated Asterisk: %s%n   every 5 s:%s%n",
                label, sessions, peak.get(), sessions == 0 ? 0.0 : cpu / 1e6 / sessions, wall / 1e9,
                after.routed() - before.routed(), after.fallbacks() - before.fallbacks(), summary, timeline);
    }
}
