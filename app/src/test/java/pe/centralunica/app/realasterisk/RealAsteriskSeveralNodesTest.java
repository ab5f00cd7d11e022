package pe.centralunica.app.realasterisk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two FastAGI nodes behind one real Asterisk 20, as {@code asterisk-config --agi-nodes first,second} writes the
 * dialplan: the first is down (connection refused) or frozen (accepts, never answers: SIGSTOP, a GC spiral), the
 * second is a real node. Its caller must be triaged by the second node — not sent to the fallback — costing
 * ~0 s for a refused first node and the AGI deadline (CU_AGI_DEADLINE, 3 s) for a frozen one. Figures are printed
 * as "real-asterisk: …": answer→queue counts from the second node's ANSWER, arrival→queue from [cu-triage].
 */
@EnabledWithRealAsterisk
class RealAsteriskSeveralNodesTest {

    private static final int FIRST_NODE_PORT = RealAsterisk.freePort();
    private static RealCallPath path;

    @BeforeAll
    static void start() throws Exception {
        path = RealCallPath.startBehind("nodes", List.of("agi://127.0.0.1:" + FIRST_NODE_PORT));
    }

    @AfterAll
    static void stop() throws Exception {
        if (path != null) path.close();
    }

    private static void report(String what, RealCallPath.Joined j, double arrival) {
        System.out.printf("real-asterisk: %-52s answer->queue %5.2f s, arrival->queue %5.2f s -> %s%n", what,
                j.answerToQueueSeconds(), arrival, j.queue());
    }

    @Test
    void firstNodeRefusingTheConnectionCostsNothingAndTheSecondNodeTriagesTheCaller() throws Exception {
        ScriptedCaller legacy = ScriptedCaller.dialling("116", "987810116");
        ScriptedCaller keys = ScriptedCaller.dialling("911", "987810911").pressesAfter(1.5, "2").pressesAfter(1.0, "22");

        List<RealCallPath.Joined> joined = path.callAllUntilQueued(List.of(legacy, keys));

        double legacyArrival = path.arrivalToQueueSeconds(joined.get(0));
        double keysArrival = path.arrivalToQueueSeconds(joined.get(1));
        report("first node refused, legacy 116, presses nothing", joined.get(0), legacyArrival);
        report("first node refused, 911, fire + Miraflores", joined.get(1), keysArrival);
        assertThat(path.record("emergency_type_code", legacy.callerId())).isEqualTo("FIRE");
        assertThat(path.record("emergency_type_code || ' ' || district_ubigeo", keys.callerId())).isEqualTo("FIRE 150122");
        for (int i = 0; i < 2; i++) {
            assertThat(joined.get(i).queue()).as("triaged, not the fallback").isNotEqualTo("cic-sc");
            // The refused connection adds nothing a caller notices (the rest is the IVR on the second node).
            assertThat(path.arrivalToQueueSeconds(joined.get(i)) - joined.get(i).answerToQueueSeconds()).isLessThan(1.0);
        }
    }

    @Test
    void firstNodeFrozenCostsTheDeadlineAndTheSecondNodeTriagesTheCaller() throws Exception {
        try (FrozenNode frozen = new FrozenNode(FIRST_NODE_PORT)) {
            ScriptedCaller legacy = ScriptedCaller.dialling("116", "987820116");

            RealCallPath.Joined j = path.callUntilQueued(legacy);

            double arrival = path.arrivalToQueueSeconds(j);
            report("first node frozen, legacy 116, presses nothing", j, arrival);
            assertThat(frozen.accepted()).as("Asterisk tried the frozen node first").isPositive();
            assertThat(path.record("emergency_type_code", legacy.callerId())).isEqualTo("FIRE");
            assertThat(j.queue()).as("triaged, not the fallback").isNotEqualTo("cic-sc");
            // The frozen node holds the caller for the deadline (3 s), not longer.
            assertThat(arrival - j.answerToQueueSeconds()).isBetween(2.9, 6.0);
        }
    }

    /** Listens, accepts every FastAGI connection and never reads or writes: a node frozen before it read a byte. */
    private static final class FrozenNode implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        FrozenNode(int port) throws IOException {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) held.add(server.accept());
                } catch (IOException e) {
                    // closed by the test
                }
            });
        }

        int accepted() {
            return held.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) s.close();
        }
    }
}
