package pe.centralunica.app.cluster;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pe.centralunica.app.Node;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.Environment;
import pe.centralunica.console.desk.FakeAsterisk;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.router.live.DispatcherState;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two clustered nodes (each its own Hazelcast member and event bus, on loopback) sharing one database: calls tracked
 * by one are seen and acted on from the other; a node leaving shows on the other's /health and /metrics.
 */
class ClusterLiveFeedTest {

    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Node node(DatabaseSettings db, String name, int port, String members, FakeAsterisk asterisk) {
        Map<String, String> env = TestEnvironment.node(db);
        env.put("CU_CLUSTER_MEMBERS", members);
        env.put("CU_CLUSTER_HOST", "127.0.0.1");
        env.put("CU_CLUSTER_PORT", Integer.toString(port));
        env.put("CU_NODE_NAME", name);
        Node node = Node.start(AppSettings.from(new Environment(env), true), false, asterisk, asterisk);
        nodes.add(node);
        return node;
    }

    private static JsonObject get(Node node, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.httpPort() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return path.equals("/metrics") ? new JsonObject().put("text", r.body()) : new JsonObject(r.body());
    }

    private static int members(Node node) throws Exception {
        JsonObject cluster = get(node, "/health").getJsonObject("components", new JsonObject()).getJsonObject("cluster");
        return cluster == null ? -1 : cluster.getJsonObject("details", cluster).getInteger("members", -1);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting until " + what).isLessThan(end);
            Thread.sleep(50);
        }
    }

    @Test
    void aConsoleOnOneNodeSeesAndTransfersACallAnotherNodeTracksAndSeesThatNodeLeave() throws Exception {
        DatabaseSettings db = TestDatabases.freshSettings();
        pe.centralunica.db.Database.open(db).migrate();
        int portA = freePort();
        int portC = freePort();
        String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portC;
        FakeAsterisk trackedByA = new FakeAsterisk();
        FakeAsterisk trackedByC = new FakeAsterisk();
        Node a = node(db, "node-a", portA, members, trackedByA);
        Node c = node(db, "node-c", portC, members, trackedByC);

        await("both nodes see two members on /health", () -> {
            try {
                return members(a) == 2 && members(c) == 2;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(get(c, "/metrics").getString("text")).contains("cu_cluster_members 2.0");

        trackedByA.put(FakeAsterisk.queued("1796000000.1", null, "987000001", "ser-150122", "ROBBERY", "150122", "NORMAL"));
        await("node C's console sees the call node A tracks", () -> c.live().active().stream()
                .anyMatch(x -> x.uniqueid().equals("1796000000.1")));
        assertThat(c.live().active()).singleElement().satisfies(x -> {
            assertThat(x.callerNumber()).isEqualTo("987000001");
            assertThat(x.variable("CU_TYPE")).contains("ROBBERY");
        });

        // The screen pop on node C: the dispatcher's phone (on node A's Asterisk) is connected to the call.
        trackedByA.members.add(new DispatcherState("PJSIP/disp-01", "Dispatcher 1", "ser-150122", true, false, true,
                Optional.of("1796000000.1")));
        trackedByA.put(FakeAsterisk.connected(trackedByA.active().getFirst(), "PJSIP/disp-01"));
        await("node C knows the call connected to the dispatcher's phone", () -> c.live().connectedTo("PJSIP/disp-01")
                .filter(x -> x.uniqueid().equals("1796000000.1")).isPresent());
        await("node C shows the dispatcher's state", () -> c.live().dispatchers().stream()
                .anyMatch(d -> d.iface().equals("PJSIP/disp-01") && d.busy()));

        ((pe.centralunica.router.live.CallControl) c.live()).transfer("1796000000.1", "Q-PNP", 42).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(trackedByA.transfers).as("carried out by the node that tracks the call")
                .containsExactly(new FakeAsterisk.Transfer("1796000000.1", "Q-PNP", 42));
        assertThat(trackedByC.transfers).isEmpty();

        long leftAt = System.nanoTime();
        a.close();
        nodes.remove(a);
        await("node C sees one member", () -> {
            try {
                return members(c) == 1;
            } catch (Exception e) {
                return false;
            }
        });
        System.out.printf("cluster: node C saw node A leave in %d ms%n", (System.nanoTime() - leftAt) / 1_000_000);
        await("node A's call is no longer shown on node C", () -> c.live().active().isEmpty());
    }
}
