package pe.centralunica.router.bench;

import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.CallFacts;
import pe.centralunica.router.CallerClass;
import pe.centralunica.router.Fixtures;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.RouteDecision;
import pe.centralunica.router.RoutingTable;
import pe.centralunica.router.rules.LargeRuleSets;
import pe.centralunica.router.rules.RuleSet;
import pe.centralunica.router.rules.RuleValidator;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Prints routing figures: validation and compile time, decisions/s and ns/decision (one thread, then all
 * cores), and per-decision latency percentiles, for the reference rules and for large generated rule sets.
 * Calls are random (class, type, district or none, any minute of the week); two targets are marked down so
 * decisions take the skip path too. Run (see call-router/README.md):
 * {@code java -cp … pe.centralunica.router.bench.RouterBench [-Dbench.seconds=5] [-Dbench.sizes=5000,10000]}
 */
public final class RouterBench {

    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 5);
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.sizes", "5000,10000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        System.out.printf("RouterBench: JDK %s, %d cores, %d s per measure%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), seconds);
        System.out.println("| rules | validate ms | validate + compile ms | 1 thread decisions/s | ns/decision | "
                + "p50 ns | p99 ns | p99.9 ns | all cores decisions/s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        run(Fixtures.reference(), seconds);
        for (int size : sizes) {
            run(LargeRuleSets.rules(size), seconds);
        }
        System.out.println("(sink " + sink + ")");
    }

    private static void run(RuleSet set, int seconds) throws Exception {
        long validateNs = Long.MAX_VALUE;
        long compileNs = Long.MAX_VALUE;
        RoutingTable table = null;
        for (int round = 0; round < 3; round++) { // best of three: the first pays for class loading and JIT
            long t0 = System.nanoTime();
            new RuleValidator().validate(set);
            validateNs = Math.min(validateNs, System.nanoTime() - t0);
            t0 = System.nanoTime();
            table = RoutingTable.compile(set); // validates again, then indexes
            compileNs = Math.min(compileNs, System.nanoTime() - t0);
        }
        AvailabilityBoard board = new AvailabilityBoard();
        board.markDown("Q-PNP", "no agents logged in");
        board.markDown("Q-SER-150122", "no agents logged in");
        LiveRouter router = new LiveRouter(table, board);
        CallFacts[] calls = calls(4096, new SplittableRandom(42));

        throughput(router, calls, 1); // warm-up
        double single = throughput(router, calls, seconds);
        long[] latencies = latencies(router, calls, Math.max(1, seconds / 2));
        int cores = Runtime.getRuntime().availableProcessors();
        double parallel = parallel(router, calls, seconds, cores);

        System.out.printf("| %,d | %,.1f | %,.1f | %,.0f | %,.0f | %,d | %,d | %,d | %,.0f |%n",
                set.rules().size(), validateNs / 1e6, compileNs / 1e6, single, 1e9 / single,
                pct(latencies, 0.50), pct(latencies, 0.99), pct(latencies, 0.999), parallel);
    }

    static CallFacts[] calls(int n, SplittableRandom random) {
        List<String> districts = new ArrayList<>(new TreeSet<>(Fixtures.districts().keySet()));
        List<String> types = new ArrayList<>(new TreeSet<>(Fixtures.emergencyTypes().keySet()));
        CallerClass[] classes = CallerClass.values();
        long weekStart = Fixtures.lima(java.time.DayOfWeek.MONDAY, 0, 0).toEpochSecond();
        CallFacts[] out = new CallFacts[n];
        for (int i = 0; i < n; i++) {
            Optional<String> district = random.nextInt(10) == 0 ? Optional.empty()
                    : Optional.of(districts.get(random.nextInt(districts.size())));
            ZonedDateTime at = Instant.ofEpochSecond(weekStart + random.nextLong(7L * 24 * 3600))
                    .atZone(RoutingTable.LIMA);
            out[i] = new CallFacts(Optional.empty(), district, types.get(random.nextInt(types.size())),
                    classes[random.nextInt(classes.length)], at);
        }
        return out;
    }

    /** Decisions per second on this thread for about {@code seconds}. */
    private static double throughput(LiveRouter router, CallFacts[] calls, int seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long count = 0;
        long acc = 0;
        long start = System.nanoTime();
        long now;
        do {
            for (CallFacts c : calls) {
                RouteDecision d = router.decide(c);
                acc += d.ruleId() + d.steps().size();
            }
            count += calls.length;
            now = System.nanoTime();
        } while (now < end);
        sink += acc;
        return count / ((now - start) / 1e9);
    }

    private static double parallel(LiveRouter router, CallFacts[] calls, int seconds, int threads) throws Exception {
        double[] rates = new double[threads];
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int slot = t;
            Thread th = new Thread(() -> rates[slot] = throughput(router, calls, seconds));
            running.add(th);
            th.start();
        }
        for (Thread th : running) {
            th.join();
        }
        return Arrays.stream(rates).sum();
    }

    private static long[] latencies(LiveRouter router, CallFacts[] calls, int seconds) {
        long[] samples = new long[2_000_000];
        int n = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long acc = 0;
        while (n < samples.length && System.nanoTime() < end) {
            for (int i = 0; i < calls.length && n < samples.length; i++) {
                long s = System.nanoTime();
                RouteDecision d = router.decide(calls[i]);
                samples[n++] = System.nanoTime() - s;
                acc += d.ruleId();
            }
        }
        sink += acc;
        long[] out = Arrays.copyOf(samples, n);
        Arrays.sort(out);
        return out;
    }

    private static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
