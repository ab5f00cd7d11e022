package pe.centralunica.sipconfig.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.sipconfig.asterisk.AsteriskConfigGenerator;
import pe.centralunica.sipconfig.asterisk.ConfigValidator;
import pe.centralunica.sipconfig.asterisk.ContractDialplan;
import pe.centralunica.sipconfig.asterisk.GeneratorSettings;
import pe.centralunica.sipconfig.asterisk.Secrets;
import pe.centralunica.sipconfig.sip.JainSipAgent;
import pe.centralunica.sipconfig.sip.OptionsOutcome;
import pe.centralunica.sipconfig.sip.SipPeer;
import pe.centralunica.sipconfig.topology.JdbcTopologyRepository;
import pe.centralunica.sipconfig.topology.SipTopology;

/**
 * Prints figures (no assertions): loading + generating + validating the reference configuration, the same for a
 * large deployment (2,000 phones, 5,000 panic buttons, 1,000 DIDs), and OPTIONS round trips between two JAIN-SIP
 * agents on loopback (sequential, and 200 in flight).
 *
 * <pre>./mvnw -q -B -o -pl sip-config -am test-compile && (run this class with the sip-config test classpath)</pre>
 */
public final class SipConfigBench {

    public static void main(String[] args) throws Exception {
        Database db = TestDatabases.fresh();
        JdbcTopologyRepository repo = new JdbcTopologyRepository(db.dataSource());
        Map<String, String> secrets = new HashMap<>(Map.of("cu-monitor", "m", "ami-central-unica", "a"));
        AsteriskConfigGenerator generator = new AsteriskConfigGenerator(ContractDialplan.fromClasspath(), GeneratorSettings.defaults(),
                Secrets.of(secrets));
        ConfigValidator validator = new ConfigValidator();

        time("reference: load topology", 200, () -> repo.load());
        SipTopology reference = repo.load();
        time("reference: generate + validate", 500, () -> validator.check(generator.generate(reference), reference));

        SipTopology large = large(reference, secrets);
        AsteriskConfigGenerator largeGenerator = new AsteriskConfigGenerator(ContractDialplan.fromClasspath(),
                GeneratorSettings.defaults(), Secrets.of(secrets));
        Map<String, String> files = largeGenerator.generate(large);
        System.out.printf("large: %d phones, %d panic buttons, %d inbound numbers → %s%n", large.phones().size(),
                large.panicDevices().size(), large.inboundNumbers().size(),
                files.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().length() / 1024 + " KiB").toList());
        time("large: generate + validate", 20, () -> validator.check(largeGenerator.generate(large), large));
        db.close();

        try (JainSipAgent a = JainSipAgent.start("127.0.0.1", 0); JainSipAgent b = JainSipAgent.start("127.0.0.1", 0)) {
            SipPeer peer = new SipPeer("127.0.0.1", b.port());
            for (int i = 0; i < 500; i++) a.options(peer, Duration.ofSeconds(2)).get();
            long[] rtt = new long[2000];
            for (int i = 0; i < rtt.length; i++) {
                OptionsOutcome o = a.options(peer, Duration.ofSeconds(2)).get();
                rtt[i] = o instanceof OptionsOutcome.Replied r ? r.roundTrip().toNanos() / 1000 : -1;
            }
            Arrays.sort(rtt);
            System.out.printf("OPTIONS loopback sequential (2,000): p50 %d µs, p99 %d µs, max %d µs, lost %d%n",
                    rtt[1000], rtt[1980], rtt[1999], Arrays.stream(rtt).filter(x -> x < 0).count());
            long t0 = System.nanoTime();
            int ok = 0;
            for (int round = 0; round < 10; round++) {
                List<CompletableFuture<OptionsOutcome>> inFlight = new ArrayList<>();
                for (int i = 0; i < 200; i++) inFlight.add(a.options(peer, Duration.ofSeconds(5)));
                for (var f : inFlight) if (f.get() instanceof OptionsOutcome.Replied) ok++;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("OPTIONS loopback 200 in flight × 10: %d/2000 answered, %.0f/s%n", ok, ok / s);
        }
        System.exit(0);
    }

    private static SipTopology large(SipTopology base, Map<String, String> secrets) {
        List<SipTopology.Phone> phones = new ArrayList<>();
        List<String> agencies = base.queues().stream().map(SipTopology.QueueDef::agencyCode).distinct().toList();
        for (int i = 0; i < 2000; i++) {
            String ep = "disp-" + (1000 + i);
            phones.add(new SipTopology.Phone(ep, "user" + i, Optional.of(agencies.get(i % agencies.size()))));
            secrets.put(ep, "s" + i);
        }
        List<SipTopology.PanicDevice> panic = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            SipTopology.PanicDevice d = new SipTopology.PanicDevice("PB-" + (10000 + i), "51" + (100000 + i), "150122");
            panic.add(d);
            secrets.put(d.endpoint(), "p" + i);
        }
        List<SipTopology.InboundNumber> numbers = new ArrayList<>(base.inboundNumbers());
        for (int i = 0; i < 1000; i++) {
            numbers.add(new SipTopology.InboundNumber("0144" + (10000 + i), SipTopology.NumberKind.DID, Optional.of("150122"), "DID " + i));
        }
        List<SipTopology.QueueDef> queues = base.queues().stream().map(q -> new SipTopology.QueueDef(q.name(), q.targetCodes(),
                q.agencyCode(), q.agencyName(), phones.stream().filter(p -> p.agencyCode().orElseThrow().equals(q.agencyCode()))
                .map(p -> "PJSIP/" + p.endpoint()).toList())).toList();
        return new SipTopology(numbers, queues, base.dialTargets(), base.trunks(), phones, panic);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static void time(String what, int iterations, Work work) throws Exception {
        for (int i = 0; i < Math.max(3, iterations / 5); i++) work.run();
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) work.run();
        double ms = (System.nanoTime() - t0) / 1e6 / iterations;
        System.out.printf("%s: %.2f ms each (%d runs)%n", what, ms, iterations);
    }
}
