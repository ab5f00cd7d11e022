package pe.centralunica.simulator.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.SimulatedAsterisk;

/**
 * The simulator's own maximum call rate: the project's dialplan, a trivial FastAGI server in the same JVM
 * (ANSWER, four SET VARIABLE, close), a queue whose members answer at once and hang up at once, simulated time
 * compressed so that only protocol and CPU work remain. Optionally an AMI client reads every event.
 *
 * <pre>
 * ./mvnw -q -B -o -pl simulator test-compile exec:java … or:
 * java -cp "simulator/target/test-classes:simulator/target/classes:$(cat cp.txt)" \
 *      pe.centralunica.simulator.bench.SimulatorBench [calls] [in-flight] [ami:true|false]
 * </pre>
 */
public final class SimulatorBench {
    private SimulatorBench() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        boolean ami = args.length > 2 && Boolean.parseBoolean(args[2]);
        try (TrivialAgiServer agi = new TrivialAgiServer(0, "bench")) {
            QueueSpec q = QueueSpec.named("bench");
            for (int i = 0; i < inFlight; i++) {
                q.member(MemberSpec.named("PJSIP/b-" + i).answerAfter(Duration.ZERO).talkFor(Duration.ZERO));
            }
            SimulatedAsterisk.Builder b = SimulatedAsterisk.builder().agiServer("127.0.0.1", agi.port()).queue(q)
                    .timeScale(0.0001).seed(1);
            if (ami) b.ami(0, "bench", "bench");
            try (SimulatedAsterisk sim = b.start()) {
                AmiDrain drain = ami ? new AmiDrain(sim.amiPort()) : null;
                run(sim, Math.min(2_000, calls), inFlight); // warm-up
                long t0 = System.nanoTime();
                long answered = run(sim, calls, inFlight);
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("calls=%d in-flight=%d ami=%s: %.1f s, %.0f calls/s, answered=%d%n", calls, inFlight,
                        ami, secs, calls / secs, answered);
                System.out.println("summary (warm-up included): " + sim.summary());
                if (drain != null) System.out.println("AMI bytes read: " + drain.bytes.get());
            }
        }
    }

    private static long run(SimulatedAsterisk sim, int calls, int inFlight) throws Exception {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<CallOutcome>> all = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            permits.acquire();
            CompletableFuture<CallOutcome> f = sim.place(CallScript.caller(String.format("9%08d", i)).dials("911")
                    .hangsUpAfter(Duration.ofDays(365)));
            f.whenComplete((o, e) -> permits.release());
            all.add(f);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return all.stream().filter(f -> f.join().answeredBy().isPresent()).count();
    }

    /** An AMI client that logs in with events on and reads everything. */
    private static final class AmiDrain {
        final AtomicLong bytes = new AtomicLong();

        AmiDrain(int port) throws IOException {
            Socket s = new Socket("127.0.0.1", port);
            s.getOutputStream().write("Action: Login\r\nUsername: bench\r\nSecret: bench\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[65536];
                try (s) {
                    int n;
                    while ((n = s.getInputStream().read(buf)) >= 0) bytes.addAndGet(n);
                } catch (IOException e) {
                    // closed
                }
            });
        }
    }
}
