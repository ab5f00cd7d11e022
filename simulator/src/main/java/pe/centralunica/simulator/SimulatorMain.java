package pe.centralunica.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The simulator as a separate process (so a benchmark's load does not share the app's JVM):
 * <pre>
 * java -cp … pe.centralunica.simulator.SimulatorMain --agi 127.0.0.1:4573 --ami-port 5038 \
 *      --rate 200 --duration 60 [--surge-at 30 --surge-factor 14] [--scenario calls.txt] [--time-scale 1] [--seed 42]
 * </pre>
 * Without --rate or --scenario it only serves (AMI up, topology loaded) until killed. Prints a one-line summary:
 * placed, completed, abandoned, failed, fallback, AGI command latency p50/p95/p99.
 */
public final class SimulatorMain {
    private static final java.util.Set<String> OPTIONS = java.util.Set.of("agi", "ami-port", "ami-user", "ami-secret",
            "dialplan", "time-scale", "seed", "rate", "duration", "surge-at", "surge-factor", "scenario", "dispatchers",
            "metro", "answer-after", "talk-for", "prompt-seconds", "drain");

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt;
        try {
            opt = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("simulator: " + e.getMessage() + " (--help lists the options)");
            System.exit(2);
            return;
        }
        if (opt.containsKey("help")) {
            System.out.println("options: --agi host:port --ami-port N --ami-user U --ami-secret S --dialplan FILE "
                    + "--time-scale X --seed N --rate CPS --duration SECONDS --surge-at SECONDS --surge-factor F "
                    + "--scenario FILE --dispatchers N --metro N --answer-after SECONDS --talk-for SECONDS "
                    + "--prompt-seconds SECONDS --drain SECONDS");
            return;
        }
        String[] agi = opt.getOrDefault("agi", "127.0.0.1:4573").split(":");
        SimulatedAsterisk.Builder b = SimulatedAsterisk.builder()
                .agiServer(agi[0], Integer.parseInt(agi[1]))
                .timeScale(Double.parseDouble(opt.getOrDefault("time-scale", "1")))
                .seed(Long.parseLong(opt.getOrDefault("seed", "42")));
        if (opt.containsKey("dialplan")) b.dialplan(Path.of(opt.get("dialplan")));
        if (opt.containsKey("ami-port")) {
            b.ami(Integer.parseInt(opt.get("ami-port")), opt.getOrDefault("ami-user", "central-unica"),
                    opt.getOrDefault("ami-secret", "secret"));
        }
        if (opt.containsKey("prompt-seconds")) {
            // Long prompts hold callers in the IVR: how a benchmark keeps many AGI sessions open at once.
            b.defaultSoundLength(Duration.ofMillis((long) (Double.parseDouble(opt.get("prompt-seconds")) * 1000)));
        }
        Topology.apply(b, Integer.parseInt(opt.getOrDefault("dispatchers", "3")),
                Integer.parseInt(opt.getOrDefault("metro", "20")),
                Duration.ofMillis((long) (Double.parseDouble(opt.getOrDefault("answer-after", "4")) * 1000)),
                Duration.ofMillis((long) (Double.parseDouble(opt.getOrDefault("talk-for", "60")) * 1000)));
        try (SimulatedAsterisk sim = b.start()) {
            if (sim.amiPort() > 0) System.out.println("simulator: AMI on port " + sim.amiPort());
            long t0 = System.nanoTime();
            if (opt.containsKey("scenario")) {
                Scenario sc = Scenario.parse(Files.readString(Path.of(opt.get("scenario")), StandardCharsets.UTF_8));
                List<CompletableFuture<CallOutcome>> fs = sc.run(sim);
                for (int i = 0; i < fs.size(); i++) {
                    CallOutcome o = fs.get(i).get(1, TimeUnit.HOURS);
                    System.out.println("call " + (i + 1) + ": " + sc.entries().get(i).script() + " -> " + o.disposition()
                            + o.answeredBy().map(a -> " by " + a).orElse("") + (o.fallback() ? " (fallback)" : "")
                            + " scripts=" + o.agiScripts());
                }
            } else if (opt.containsKey("rate")) {
                LoadProfile p = LoadProfile.poisson(Double.parseDouble(opt.get("rate")))
                        .lasting(Duration.ofMillis((long) (Double.parseDouble(opt.getOrDefault("duration", "60")) * 1000)));
                if (opt.containsKey("surge-at")) {
                    p.surgeAt(Duration.ofMillis((long) (Double.parseDouble(opt.get("surge-at")) * 1000)),
                            Double.parseDouble(opt.getOrDefault("surge-factor", "14")));
                }
                new LoadGenerator(sim, p, Long.parseLong(opt.getOrDefault("seed", "42")))
                        .run(Long.parseLong(opt.getOrDefault("drain", "900")));
            } else {
                System.out.println("simulator: serving; stop with Ctrl-C");
                Thread.currentThread().join();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            RunSummary s = sim.summary();
            System.out.printf("simulator summary: %s wall=%.1fs%n", s, secs);
        }
    }

    static Map<String, String> parse(String[] args) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + args[i]);
            String key = args[i].substring(2);
            if (key.equals("help")) {
                m.put(key, "");
                continue;
            }
            if (!OPTIONS.contains(key)) throw new IllegalArgumentException("unknown option " + args[i]);
            if (i + 1 >= args.length) throw new IllegalArgumentException("missing value for " + args[i]);
            m.put(key, args[++i]);
        }
        return m;
    }
}
