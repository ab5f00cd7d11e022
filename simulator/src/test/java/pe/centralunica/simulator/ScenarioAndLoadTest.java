package pe.centralunica.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScenarioAndLoadTest {

    @Test
    void scenarioLinesBecomeCallScripts() {
        Scenario s = Scenario.parse("""
                # a quiet morning
                987654321 dials 116 from 150122, presses 2 after 1.2s, hangs up after 40s in queue
                at 5s: 987000111 dials 911 named "Ana", presses 1 after 3s, presses 05 after 8s, hangs up 60s after answer
                at 1m: panic PB-0042
                987000222 dials 105, silent, hangs up after 1500ms
                """);
        assertThat(s.entries()).hasSize(4);
        CallScript first = s.entries().getFirst().script();
        assertThat(first.callerNumber()).isEqualTo("987654321");
        assertThat(first.dialled()).isEqualTo("116");
        assertThat(first.district()).contains("150122");
        assertThat(first.presses()).containsExactly(new CallScript.Press(Duration.ofMillis(1200), "2"));
        assertThat(first.hangsUpAfterInQueue()).contains(Duration.ofSeconds(40));
        assertThat(first.hangsUpAfter()).isEqualTo(CallScript.DEFAULT_PATIENCE);
        Scenario.Entry second = s.entries().get(1);
        assertThat(second.at()).isEqualTo(Duration.ofSeconds(5));
        assertThat(second.script().callerName()).isEqualTo("Ana");
        assertThat(second.script().presses()).extracting(CallScript.Press::digits).containsExactly("1", "05");
        assertThat(second.script().hangsUpAfterAnswer()).contains(Duration.ofSeconds(60));
        assertThat(s.entries().get(2).at()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.entries().get(2).script().context()).isEqualTo("cu-panic");
        assertThat(s.entries().get(3).script().hangsUpAfter()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aBadLineIsReportedWithItsNumber() {
        assertThatThrownBy(() -> Scenario.parse("987 dials 911\n987 calls 911\n"))
                .hasMessageContaining("scenario line 2");
        assertThatThrownBy(() -> Scenario.parse("987 dials 911, sings a song\n")).hasMessageContaining("unknown clause");
    }

    @Test
    void theSameSeedDrawsTheSameCallers() {
        CallMix mix = new CallMix(LoadProfile.poisson(10));
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        Random r1 = new Random(42);
        Random r2 = new Random(42);
        for (int i = 0; i < 200; i++) {
            a.add(mix.next(r1).toString());
            b.add(mix.next(r2).toString());
        }
        assertThat(a).isEqualTo(b);
        assertThat(a).anyMatch(s -> s.contains("dials 105")).anyMatch(s -> s.contains("dials 911"));
    }

    @Test
    void callersOnALineThatTellsTheirDistrictArriveWithIt() {
        CallMix mix = new CallMix(LoadProfile.poisson(10).panicShare(0).trunkDistrictShare(0.7));
        Random r = new Random(3);
        int withDistrict = 0;
        for (int i = 0; i < 2000; i++) {
            CallScript s = mix.next(r);
            String trunk = s.variables().get("CU_TRUNK_DISTRICT");
            if (trunk != null) {
                withDistrict++;
                assertThat(s.district()).contains(trunk);
            }
        }
        assertThat(withDistrict / 2000.0).isBetween(0.65, 0.75);
        assertThat(new CallMix(LoadProfile.poisson(10)).next(new Random(3)).variables()).doesNotContainKey("CU_TRUNK_DISTRICT");
    }

    @Test
    void mostLegacyCallsAreImproperAsInPeru() {
        CallMix mix = new CallMix(LoadProfile.poisson(10).panicShare(0));
        Random r = new Random(1);
        int legacy = 0;
        int legacyWithoutTwoKeyPresses = 0;
        for (int i = 0; i < 5000; i++) {
            CallScript s = mix.next(r);
            if (s.dialled().equals("105") || s.dialled().equals("116")) {
                legacy++;
                if (s.presses().size() < 2) legacyWithoutTwoKeyPresses++;
            }
        }
        double share = legacyWithoutTwoKeyPresses / (double) legacy;
        assertThat(share).isBetween(0.77, 0.95);
    }

    @Test
    void surgeMultipliesTheRateFromItsInstant() {
        LoadProfile p = LoadProfile.poisson(2).surgeAt(Duration.ofSeconds(30), 14);
        assertThat(p.rateAt(29_999)).isEqualTo(2.0);
        assertThat(p.rateAt(30_000)).isEqualTo(28.0);
    }

    @Test
    void scenarioRunsAgainstTheProjectDialplanAndFallsBackWithoutAnAgiServer() throws Exception {
        try (SimulatedAsterisk sim = Topology.apply(SimulatedAsterisk.builder(), 1, 2, Duration.ofSeconds(2),
                Duration.ofSeconds(20)).timeScale(0.01).start()) {
            sim.faults().agiUnreachable(true);
            Scenario s = Scenario.parse("""
                    987654321 dials 116 from 150122, presses 2 after 1.2s, hangs up after 200s
                    at 2s: panic PB-0042
                    """);
            var outcomes = s.run(sim);
            for (var f : outcomes) {
                CallOutcome o = f.get(20, TimeUnit.SECONDS);
                assertThat(o.fallback()).isTrue();
                assertThat(o.answeredTarget()).isEqualTo("cic-sc");
            }
            assertThat(sim.summary().fallback()).isEqualTo(2);
        }
    }

    @Test
    void loadRunPlacesPoissonCallsAndSummarisesThem() throws Exception {
        try (TestAgiServer agi = new TestAgiServer()) {
            agi.script("triage", (request, channel) -> {
                channel.answer();
                channel.setVariable("CU_TARGET_KIND", "QUEUE");
                channel.setVariable("CU_TARGET", "cic-sc");
                channel.setVariable("CU_TARGET_TIMEOUT", "30");
                channel.setVariable("CU_ROUTE_OK", "1");
            });
            agi.script("panic", (request, channel) -> { });
            try (SimulatedAsterisk sim = Topology.apply(SimulatedAsterisk.builder(), 1, 50, Duration.ofSeconds(2),
                    Duration.ofSeconds(20)).agiServer("127.0.0.1", agi.port()).timeScale(0.01).seed(3).start()) {
                RunSummary s = new LoadGenerator(sim, LoadProfile.poisson(5).lasting(Duration.ofSeconds(60)), 3).run(60);
                assertThat(s.placed()).isBetween(200L, 400L); // 5/s for 60 s: 300 expected
                assertThat(s.completed() + s.abandoned() + s.failed()).isEqualTo(s.placed());
                assertThat(s.agiCommands()).isGreaterThan(s.placed());
                assertThat(s.agiP50Micros()).isPositive();
                assertThat(s.agiP99Micros()).isGreaterThanOrEqualTo(s.agiP50Micros());
            }
        }
    }

    @Test
    void backgroundTrafficKeepsPlacingCallsUntilClosed() throws Exception {
        try (SimulatedAsterisk sim = Topology.apply(SimulatedAsterisk.builder(), 1, 5, Duration.ofSeconds(2),
                Duration.ofSeconds(20)).timeScale(0.01).start()) {
            sim.faults().agiUnreachable(true);
            LoadGenerator.Traffic traffic = new LoadGenerator(sim, LoadProfile.poisson(20), 5).startInBackground();
            AwaitCondition.until("calls flow", () -> traffic.placed() >= 50);
            traffic.close();
            long placed = traffic.placed();
            AwaitCondition.until("every call ends", () -> sim.summary().placed() == sim.summary().completed()
                    + sim.summary().abandoned() + sim.summary().failed());
            assertThat(traffic.placed()).isEqualTo(placed);
            assertThat(sim.summary().fallback()).isEqualTo(sim.summary().placed());
        }
    }
}
