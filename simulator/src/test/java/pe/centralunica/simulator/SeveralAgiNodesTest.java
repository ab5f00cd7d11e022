package pe.centralunica.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiScript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The project's dialplan with several FastAGI nodes (globals CU_AGI_1, CU_AGI_2): each AGI step is tried on the
 * nodes in order, judged only by CU_ROUTE_OK, and the fallback comes after the last. A node that refuses the
 * connection costs nothing; one that accepts and stays silent costs the deadline (CU_AGI_DEADLINE, 3 s).
 */
class SeveralAgiNodesTest {

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    private TestAgiServer node(String script, AgiScript behaviour) throws IOException {
        TestAgiServer agi = new TestAgiServer().script(script, behaviour);
        open.add(agi);
        return agi;
    }

    /** A port nobody listens on: the connection is refused, as for a node that is down. */
    private static String refusing() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "agi://127.0.0.1:" + s.getLocalPort();
        }
    }

    /** Accepts connections and never reads or writes: a node frozen (SIGSTOP, GC spiral) before it read a byte. */
    private String frozen() throws IOException {
        ServerSocket server = new ServerSocket(0);
        open.add(server);
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try {
                while (true) held.add(server.accept());
            } catch (IOException e) {
                // closed at the end of the test
            }
        });
        open.add(() -> {
            for (Socket s : held) s.close();
        });
        return "agi://127.0.0.1:" + server.getLocalPort();
    }

    private static String url(TestAgiServer agi) {
        return "agi://127.0.0.1:" + agi.port();
    }

    private static AgiScript routesTo(String target) {
        return (request, channel) -> {
            channel.answer();
            channel.setVariable("CU_TARGET_KIND", "QUEUE");
            channel.setVariable("CU_TARGET", target);
            channel.setVariable("CU_TARGET_TIMEOUT", "20");
            channel.setVariable("CU_PRIORITY", "4");
            channel.setVariable("CU_ROUTE_OK", "1");
        };
    }

    /** At the real pace: the deadline counts real time, so the figures below are seconds. */
    private SimulatedAsterisk sim(List<String> nodes) {
        SimulatedAsterisk sim = SimulatedAsterisk.builder().agiNodes(nodes)
                .queue(QueueSpec.named("cic-sc").member(MemberSpec.named("PJSIP/cic-01").answerAfter(Duration.ofSeconds(1))
                        .talkFor(Duration.ofSeconds(1))))
                .queue(QueueSpec.named("sc-150122").member(MemberSpec.named("PJSIP/disp-01").answerAfter(Duration.ofSeconds(1))
                        .talkFor(Duration.ofSeconds(1))))
                .seed(11).start();
        open.add(sim);
        return sim;
    }

    private static CallOutcome call(SimulatedAsterisk sim, String number) throws Exception {
        return sim.place(CallScript.caller("987111222").dials(number)).get(60, TimeUnit.SECONDS);
    }

    @Test
    void aNodeThatRefusesTheConnectionCostsNothingAndTheNextNodeTriagesTheCall() throws Exception {
        TestAgiServer second = node("triage", routesTo("sc-150122"));
        CallOutcome o = call(sim(List.of(refusing(), url(second))), "911");

        assertThat(o.answeredTarget()).isEqualTo("sc-150122");
        assertThat(o.fallback()).isFalse();
        assertThat(second.requests).containsExactly("triage 911");
        // answer 1 s + talk 1 s; the refused node adds nothing measurable
        assertThat(o.duration()).isLessThan(Duration.ofMillis(3_500));
    }

    @Test
    void aFrozenNodeCostsTheDeadlineThenTheNextNodeTriagesTheCall() throws Exception {
        TestAgiServer second = node("triage", routesTo("sc-150122"));
        SimulatedAsterisk sim = sim(List.of(frozen(), url(second)));
        CallOutcome o = call(sim, "911");

        assertThat(o.answeredTarget()).isEqualTo("sc-150122");
        assertThat(o.fallback()).isFalse();
        assertThat(o.variables()).containsEntry("CU_AGI_TRY", "2");
        assertThat(o.dialplanTrace()).anyMatch(l -> l.startsWith("cu-triage,T,1 NoOp(") && l.contains("passed its deadline"))
                .contains("cu-triage,T,2 Goto(cu-triage,911,tried)");
        assertThat(second.requests).containsExactly("triage 911");
        // 3 s deadline + answer 1 s + talk 1 s
        assertThat(o.duration()).isBetween(Duration.ofMillis(4_500), Duration.ofMillis(8_000));
    }

    @Test
    void aNodeThatEndsWithoutRoutingIsJudgedByCuRouteOkNotAgistatusAndTheNextNodeTriages() throws Exception {
        TestAgiServer first = node("triage", (request, channel) -> { }); // AGISTATUS=SUCCESS, nothing set
        TestAgiServer second = node("triage", routesTo("sc-150122"));
        CallOutcome o = call(sim(List.of(url(first), url(second))), "105");

        assertThat(first.requests).containsExactly("triage 105");
        assertThat(second.requests).containsExactly("triage 105");
        assertThat(o.answeredTarget()).isEqualTo("sc-150122");
    }

    @Test
    void whenEveryNodeFailsTheCallerReachesTheFallbackQueue() throws Exception {
        CallOutcome o = call(sim(List.of(refusing(), frozen(), refusing())), "911");

        assertThat(o.fallback()).isTrue();
        assertThat(o.answeredTarget()).isEqualTo("cic-sc");
        assertThat(o.variables()).containsEntry("CU_AGI_TRY", "4");
        // one deadline (the frozen node) + answer + talk
        assertThat(o.duration()).isBetween(Duration.ofMillis(4_500), Duration.ofMillis(8_000));
    }

    @Test
    void routeNextIsAlsoTriedOnTheNextNodeWhenTheFirstDoesNotRouteIt() throws Exception {
        // Node 1 triages to a queue nobody staffs; it has no route-next (it ends without CU_ROUTE_OK), node 2 has.
        TestAgiServer first = node("triage", (request, channel) -> {
            channel.answer();
            channel.setVariable("CU_TARGET_KIND", "QUEUE");
            channel.setVariable("CU_TARGET", "sc-empty");
            channel.setVariable("CU_TARGET_TIMEOUT", "2");
            channel.setVariable("CU_PRIORITY", "3");
            channel.setVariable("CU_ROUTE_OK", "1");
        });
        TestAgiServer second = node("route-next", routesTo("sc-150122"));
        SimulatedAsterisk sim = SimulatedAsterisk.builder().agiNodes(List.of(url(first), url(second)))
                .queue(QueueSpec.named("cic-sc").member(MemberSpec.named("PJSIP/cic-01").answerAfter(Duration.ofSeconds(1))))
                .queue(QueueSpec.named("sc-empty").refuseWhenEmpty())
                .queue(QueueSpec.named("sc-150122").member(MemberSpec.named("PJSIP/disp-01").answerAfter(Duration.ofSeconds(1))
                        .talkFor(Duration.ofSeconds(1))))
                .seed(12).start();
        open.add(sim);
        CallOutcome o = call(sim, "911");

        assertThat(first.requests).containsExactly("triage 911", "route-next JOINEMPTY");
        assertThat(second.requests).containsExactly("route-next JOINEMPTY");
        assertThat(o.answeredTarget()).isEqualTo("sc-150122");
        assertThat(o.fallback()).isFalse();
    }
}
