package pe.centralunica.app.bench;

import pe.centralunica.app.Node;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.Environment;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.SimulatedAsterisk;
import pe.centralunica.simulator.Topology;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Calls per second through the project's dialplan (the simulated Asterisk 20) with one FastAGI node and with two
 * nodes behind the same Asterisk — both real nodes (IVR, router, journal to PostgreSQL) in this JVM — and with the
 * first of the two down (connection refused). (A frozen first node costs each call the 3 s deadline in real time,
 * which compressed simulated time cannot show: see RealAsteriskSeveralNodesTest.) Closed loop: {@code in-flight}
 * calls at once, each a 911 caller who presses nothing (the whole IVR: welcome, type menu, district question, then
 * the metropolitan centre, whose dispatchers answer and hang up at once), simulated time compressed so that
 * protocol and CPU work remain. The simulator runs in this JVM too: on a small machine the figures are the whole
 * system's, not a node's. Prints; asserts nothing.
 *
 * <pre>
 * ./mvnw -q -B -o -pl app -am test-compile
 * ./mvnw -q -B -o -pl app dependency:build-classpath -Dmdep.outputFile=/tmp/appcp.txt -Dmdep.includeScope=test
 * TEST_DB_URL=jdbc:postgresql://127.0.0.1:5432/test TEST_DB_USER=postgres "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
 *   -cp app/target/test-classes:app/target/classes:$(cat /tmp/appcp.txt) pe.centralunica.app.bench.AgiNodesBench [calls] [in-flight]
 * </pre>
 */
public final class AgiNodesBench {

    private AgiNodesBench() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        DatabaseSettings db = TestDatabases.freshSettings();
        try (Node first = start(db); Node second = start(db)) {
            String a = "agi://127.0.0.1:" + first.agiPort();
            String b = "agi://127.0.0.1:" + second.agiPort();
            run("warm-up, one node", List.of(a), Math.min(1_000, calls), inFlight);
            run("one node", List.of(a), calls, inFlight);
            run("two nodes (in order: the second takes what the first does not route)", List.of(a, b), calls, inFlight);
            run("two nodes, the first down (connection refused)", List.of(refusing(), b), calls, inFlight);
            run("one node again (drift check)", List.of(a), calls, inFlight);
        }
    }

    private static Node start(DatabaseSettings db) {
        return Node.start(AppSettings.from(new Environment(TestEnvironment.node(db)), true), false);
    }

    private static void run(String label, List<String> nodes, int calls, int inFlight) throws Exception {
        try (SimulatedAsterisk sim = Topology.apply(SimulatedAsterisk.builder(), inFlight, inFlight, Duration.ZERO, Duration.ZERO)
                .agiNodes(nodes).timeScale(0.0001).seed(7).start()) {
            Semaphore permits = new Semaphore(inFlight);
            List<CompletableFuture<CallOutcome>> all = new ArrayList<>(calls);
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                permits.acquire();
                CompletableFuture<CallOutcome> f = sim.place(CallScript.caller(String.format("9%08d", i)).dials("911")
                        .hangsUpAfter(Duration.ofDays(365))); // waits for a dispatcher, however long
                f.whenComplete((o, e) -> permits.release());
                all.add(f);
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            double secs = (System.nanoTime() - t0) / 1e9;
            long fallback = all.stream().filter(f -> f.join().fallback()).count();
            long answered = all.stream().filter(f -> f.join().answeredBy().isPresent()).count();
            System.out.printf("agi-nodes: %-70s %5d calls, %3d in flight: %5.1f s, %6.1f calls/s, answered %d, fallback %d%n",
                    label, calls, inFlight, secs, calls / secs, answered, fallback);
        }
    }

    private static String refusing() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "agi://127.0.0.1:" + s.getLocalPort();
        }
    }
}
