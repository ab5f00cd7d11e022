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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Cost of the call path per call: full triage sessions (type menu, district code, routing decision, 20-odd
 * journal events to a real spool, about 30 AGI commands) over real FastAGI sockets, {@code bench.concurrency}
 * at a time. Asterisk's side is {@link ScriptedAsterisk} in the same JVM, so the CPU figure is an upper bound
 * for the server alone. Not a test: prints figures.
 *
 * <pre>-Dbench.calls=20000 -Dbench.concurrency=200</pre>
 */
public final class IvrBench {

    public static void main(String[] args) throws Exception {
        int calls = Integer.getInteger("bench.calls", 20_000);
        int concurrency = Integer.getInteger("bench.concurrency", 200);
        Path spool = Files.createTempDirectory("ivr-bench-spool");
        try (Database db = TestDatabases.fresh();
             SpooledCallJournal journal = SpooledCallJournal.start(JournalSettings.defaults(spool), db.dataSource())) {
            LiveRouter router = new LiveRouter(RoutingTable.lastResortOnly(), new AvailabilityBoard());
            try (RuleReloader reloader = new RuleReloader(new JdbcRuleRepository(db.dataSource()), router)) {
                reloader.checkNow();
            }
            try (IvrServer ivr = IvrServer.start(IvrSettings.defaults().withPort(0), db.dataSource(), router, journal,
                    FlowDefinition.fromClasspath(), Clock.systemUTC())) {
                run(ivr, 2_000, concurrency, "warm-up");
                run(ivr, calls, concurrency, "measured");
                System.out.printf("IVR stats: %s%n", ivr.stats());
            }
            System.out.printf("journal after run: %s%n", journal.stats());
        }
    }

    private static void run(IvrServer ivr, int calls, int concurrency, String label) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Semaphore inFlight = new Semaphore(concurrency);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(calls));
        List<Future<Boolean>> results = new ArrayList<>(calls);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls; i++) {
                inFlight.acquire();
                String caller = "9" + (20_000_000 + i);
                String digits = Integer.toString(1 + i % 6);
                results.add(callers.submit(() -> {
                    try {
                        long s = System.nanoTime();
                        ScriptedAsterisk a = new ScriptedAsterisk("triage", "911", "").caller(caller).uniqueid("1795349192." + caller)
                                .keys(digits, "22").run(ivr.port());
                        latencies.add(System.nanoTime() - s);
                        return "1".equals(a.variables().get("CU_ROUTE_OK"));
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        long ok = 0;
        for (Future<Boolean> r : results) {
            ok += r.get() ? 1 : 0;
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("%s: %d calls (%d routed), %d concurrent: %.0f calls/s; session p50 %.2f ms, p99 %.2f ms; "
                        + "process CPU %.3f ms/call (IVR + simulated Asterisk + journal)%n",
                label, calls, ok, concurrency, calls / (wall / 1e9), sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) (sorted.size() * 0.99)) / 1e6, cpu / 1e6 / calls);
    }
}
