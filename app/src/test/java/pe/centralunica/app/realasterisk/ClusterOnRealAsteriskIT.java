package pe.centralunica.app.realasterisk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import pe.centralunica.console.security.PasswordHasher;
import pe.centralunica.console.security.Role;
import pe.centralunica.console.security.Users;
import pe.centralunica.console.store.Jdbc;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three packaged nodes, each its own JVM, in one cluster on loopback, all watching one real Asterisk 20: node A holds
 * the AMI tracking lease; a console on node C shows the callers A tracks; A is SIGKILLed and another node tracks the
 * Asterisk within 5 s; the callers' records have each queue step once and their ends. The dialplan lists the nodes'
 * FastAGI in order A, B, C: after A's SIGKILL, new callers are triaged by B, never the fallback. Figures print as
 * "cluster: …".
 */
@EnabledWithRealAsterisk
class ClusterOnRealAsteriskIT {

    static final String PASSWORD = "cluster-test-2026";
    private static final double TAKEOVER_BUDGET_S = 5.0;
    /** Joining Hazelcast took 16 s to over a minute here while other builds shared the 2 cores. */
    static final java.time.Duration READY_WITHIN = java.time.Duration.ofSeconds(240);

    static Path logOf(String name) throws java.io.IOException {
        Path logs = Path.of("target", "real-asterisk").toAbsolutePath();
        Files.createDirectories(logs);
        return logs.resolve("cluster-" + name + "-" + System.currentTimeMillis() + ".log");
    }

    /** A node's environment: the harness's (database, AMI), its own ports, data directory and cluster name. */
    private static Map<String, String> nodeEnv(Map<String, String> base, String name, int clusterPort, int httpPort, String members)
            throws java.io.IOException {
        return nodeEnv(base, name, clusterPort, httpPort, members, "pbx-test");
    }

    /** As above, watching the Asterisk named {@code asteriskId} (CU_AMI_ID: one lease per Asterisk). */
    static Map<String, String> nodeEnv(Map<String, String> base, String name, int clusterPort, int httpPort, String members,
                                       String asteriskId) throws java.io.IOException {
        Map<String, String> env = new HashMap<>(base);
        env.put("CU_NODE_NAME", name);
        env.put("CU_CLUSTER_MEMBERS", members);
        env.put("CU_CLUSTER_HOST", "127.0.0.1");
        env.put("CU_CLUSTER_PORT", Integer.toString(clusterPort));
        env.put("CU_HTTP_HOST", "127.0.0.1");
        env.put("CU_HTTP_PORT", Integer.toString(httpPort));
        env.put("CU_DATA_DIR", Files.createTempDirectory("cu-" + name).toString());
        env.put("CU_AMI_ID", asteriskId);
        return env;
    }

    private static Optional<String> leaseHolder(RealCallPath path) throws Exception {
        return leaseHolder(path, "pbx-test");
    }

    /** The node holding the unexpired AMI tracking lease of the Asterisk named {@code asteriskId}. */
    static Optional<String> leaseHolder(RealCallPath path, String asteriskId) throws Exception {
        try (Connection c = path.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT holder FROM ami_tracking_lease WHERE asterisk_id = ?"
                     + " AND expires_at > clock_timestamp()")) {
            ps.setString(1, asteriskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** A console user's session on a node: logs in, then reads its live queue. */
    static final class Console {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        private final String base;

        Console(int port) throws Exception {
            base = "http://127.0.0.1:" + port;
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "supervisor").put("password", PASSWORD).encode()))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("login: %s", r.body()).isEqualTo(200);
        }

        /** The call ids (CU_CALL_ID, the record's id) of the calls in the user's live queue. */
        List<String> queuedCalls() throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/live/queue")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            List<String> callers = new ArrayList<>();
            for (Object o : new JsonObject(r.body()).getJsonArray("calls", new JsonArray())) {
                callers.add(((JsonObject) o).getString("callId"));
            }
            return callers;
        }

        JsonObject get(String path) throws Exception {
            return new JsonObject(http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
    }

    static boolean eventually(long millis, Check check) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            if (check.holds()) {
                return true;
            }
            Thread.sleep(100);
        }
        return check.holds();
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /** The tracker's steps (not the IVR's) of the caller's call: type → how many rows, and rows sharing type and time. */
    static Map<String, Integer> trackerSteps(RealCallPath path, String callerId) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = path.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT e.type, count(*), count(DISTINCT e.at) FROM call_event e JOIN call k"
                     + " ON k.id = e.call_id WHERE k.caller_number = ? AND e.seq >= 1000000 GROUP BY e.type")) {
            ps.setString(1, callerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                    assertThat(rs.getInt(2)).as("%s of %s: one row per moment (no step written twice)", rs.getString(1), callerId)
                            .isEqualTo(rs.getInt(3));
                }
            }
        }
        return counts;
    }

    /** A node's Prometheus counter (0 when absent): which node's FastAGI answered the calls. */
    static double counter(int httpPort, String name) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.matches(name + "(_total)?(\\{.*\\})? .*"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The IVR's steps (not the tracker's) of the caller's latest call, in order. */
    static List<String> ivrSteps(RealCallPath path, String callerId) throws Exception {
        List<String> steps = new ArrayList<>();
        try (Connection c = path.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT e.type FROM call_event e WHERE e.seq < 1000000 AND e.call_id ="
                     + " (SELECT id FROM call WHERE caller_number = ? ORDER BY arrived_at DESC LIMIT 1) ORDER BY e.seq")) {
            ps.setString(1, callerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString(1));
                }
            }
        }
        return steps;
    }

    /**
     * Node A is dead: its FastAGI port refuses, so Asterisk tries the next node in the dialplan's list, B. New callers
     * must be triaged there (routed by the app, never the static fallback), and C — third in the list — sees none.
     */
    private static void newCallsAreTriagedByTheNextNode(RealCallPath path, int httpB, int httpC, String prefix) throws Exception {
        List<ScriptedCaller> after = List.of(ScriptedCaller.dialling("116", prefix + "3"), ScriptedCaller.dialling("116", prefix + "4"));
        List<RealCallPath.Joined> joined = path.callAllUntilQueued(after);
        for (int i = 0; i < after.size(); i++) {
            String callerId = after.get(i).callerId();
            RealCallPath.Joined j = joined.get(i);
            double arrival = path.arrivalToQueueSeconds(j);
            assertThat(eventually(20_000, () -> ivrSteps(path, callerId).contains("ROUTE_DECIDED")))
                    .as("the call of %s after node A died was routed by the app: %s", callerId, ivrSteps(path, callerId)).isTrue();
            List<String> steps = ivrSteps(path, callerId);
            System.out.printf("cluster: new call %s after node A SIGKILL: triaged by node B, answer->queue %.2f s, arrival->queue"
                    + " %.2f s -> %s; steps %s%n", callerId, j.answerToQueueSeconds(), arrival, j.queue(), steps);
            assertThat(steps).as("steps of %s", callerId).doesNotContain("FALLBACK");
            assertThat(j.queue()).as("%s triaged, not the static fallback", callerId).isNotEqualTo("cic-sc");
            assertThat(path.record("emergency_type_code", callerId)).as("legacy 116 of %s", callerId).isEqualTo("FIRE");
            // The dead node's refused connection adds nothing a caller notices.
            assertThat(arrival - j.answerToQueueSeconds()).as("time lost on dead node A by %s", callerId).isLessThan(1.0);
        }
        assertThat(counter(httpB, "cu_calls_routed")).as("node B, next in the list, routed the new calls").isEqualTo(after.size());
        assertThat(counter(httpB, "cu_calls_fallback")).as("node B's fallbacks").isZero();
        assertThat(counter(httpC, "cu_agi_sessions")).as("node C, third in the list, was not needed").isZero();
    }

    @Test
    void aConsoleOnNodeCSeesCallsNodeATracksAndAnotherNodeTakesOverWithinFiveSecondsOfNodeADying() throws Exception {
        takeOverFrom("KILL");
    }

    @Test
    void aFrozenHolderLosesItsAsteriskWithinFiveSecondsAndStopsTrackingWhenItWakes() throws Exception {
        takeOverFrom("STOP");
    }

    private void takeOverFrom(String signal) throws Exception {
        int portA = RealAsterisk.freePort();
        int portB = RealAsterisk.freePort();
        int portC = RealAsterisk.freePort();
        // The dialplan tries the nodes' FastAGI in order A, B, C (C's is the harness's own port).
        int agiA = RealAsterisk.freePort();
        int agiB = RealAsterisk.freePort();
        String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB + ",127.0.0.1:" + portC;
        AtomicReference<Map<String, String>> baseEnv = new AtomicReference<>();
        RealCallPath.NodeLauncher nodeA = env -> {
            baseEnv.set(env);
            Map<String, String> envA = nodeEnv(env, "node-a", portA, RealAsterisk.freePort(), members);
            envA.put("CU_AGI_PORT", Integer.toString(agiA));
            return NodeProcess.start(envA, logOf("a"), READY_WITHIN);
        };
        try (RealCallPath path = RealCallPath.startBehind("cluster-" + signal.toLowerCase(),
                List.of("agi://127.0.0.1:" + agiA, "agi://127.0.0.1:" + agiB), nodeA)) {
            NodeProcess a = (NodeProcess) path.nodeUnderTest();
            assertThat(eventually(20_000, () -> leaseHolder(path).filter("node-a"::equals).isPresent()))
                    .as("node A, alone, holds the lease").isTrue();
            new Users(new Jdbc(path.db().dataSource()), new PasswordHasher()).create(new Users.NewUser("supervisor", "Supervisor",
                    PASSWORD, Role.SUPERVISOR, Optional.empty(), Optional.empty()), "test");
            Map<String, String> base = new HashMap<>(baseEnv.get());
            Map<String, String> envB = nodeEnv(base, "node-b", portB, RealAsterisk.freePort(), members);
            envB.put("CU_AGI_PORT", Integer.toString(agiB));
            int httpB = Integer.parseInt(envB.get("CU_HTTP_PORT"));
            int httpC = RealAsterisk.freePort();
            try (NodeProcess b = NodeProcess.start(envB, logOf("b"), READY_WITHIN);
                 NodeProcess c = NodeProcess.start(nodeEnv(base, "node-c", portC, httpC, members), logOf("c"), READY_WITHIN)) {
                Console console = new Console(httpC);
                assertThat(eventually(20_000, () -> console.get("/health").getJsonObject("components").getJsonObject("cluster")
                        .getJsonObject("details").getInteger("members") == 3)).as("node C sees three members on /health").isTrue();
                assertThat(leaseHolder(path)).as("the standbys did not take the lease").contains("node-a");

                String prefix = signal.equals("KILL") ? "9895000" : "9896000";
                List<ScriptedCaller> callers = List.of(ScriptedCaller.dialling("911", prefix + "1"),
                        ScriptedCaller.dialling("911", prefix + "2"));
                List<RealCallPath.Joined> waiting = new ArrayList<>();
                for (ScriptedCaller caller : callers) {
                    path.place(caller);
                }
                List<String> callIds = new ArrayList<>();
                for (ScriptedCaller caller : callers) {
                    waiting.add(path.awaitQueuedStillWaiting(caller));
                    callIds.add(path.record("id::text", caller.callerId()));
                }
                assertThat(eventually(10_000, () -> console.queuedCalls().containsAll(callIds)))
                        .as("node C's console shows the callers node A tracks (%s): %s", callIds, console.queuedCalls()).isTrue();

                assertThat(counter(httpB, "cu_agi_sessions")).as("node B answered no call while node A was up").isZero();
                long killedAt = System.nanoTime();
                a.signal(signal);
                assertThat(eventually(15_000, () -> leaseHolder(path).filter(h -> !h.equals("node-a")).isPresent()))
                        .as("another node holds the lease").isTrue();
                double takeover = (System.nanoTime() - killedAt) / 1e9;
                String next = leaseHolder(path).orElseThrow();
                // Node A's last snapshot is dropped once it has been silent for 3.5 s: what C shows after that comes
                // from the new holder's resync.
                assertThat(eventually(15_000, () -> c.log().contains("Node node-a silent")
                        && (b.log().contains("AMI connected") || c.log().contains("AMI connected"))
                        && console.queuedCalls().containsAll(callIds)))
                        .as("node C's console shows the callers again, now tracked by %s", next).isTrue();
                double shownAgain = (System.nanoTime() - killedAt) / 1e9;
                System.out.printf("cluster: node A SIG" + signal + "; %s holds the lease after %.2f s; node C's console shows the waiting"
                        + " callers again after %.2f s%n", next, takeover, shownAgain);
                assertThat(takeover).as("takeover within the issue's bound").isLessThanOrEqualTo(TAKEOVER_BUDGET_S);

                if (signal.equals("KILL")) {
                    newCallsAreTriagedByTheNextNode(path, httpB, httpC, prefix);
                }
                if (signal.equals("STOP")) {
                    a.signal("CONT");
                    assertThat(eventually(15_000, () -> a.log().contains("AMI tracking of pbx-test stopped")))
                            .as("node A, awake, stops tracking (fencing):%n%s", a.log()).isTrue();
                    Thread.sleep(2_000);
                    assertThat(leaseHolder(path)).as("the lease stays with the node that took it").contains(next);
                    assertThat(a.log()).doesNotContain("this node (node-a) holds the lease (epoch 2)");
                }
                // Node A may have died with the callers' last steps unshipped: the new holder checked the record.
                NodeProcess holder = next.equals("node-b") ? b : c;
                assertThat(eventually(10_000, () -> holder.log().contains("takeover: ")))
                        .as("%s checked what node A recorded:%n%s", next, holder.log()).isTrue();
                assertThat(counter(next.equals("node-b") ? httpB : httpC, "cu_ami_events")).as("AMI events counted on %s's /metrics",
                        next).isPositive();
                for (RealCallPath.Joined j : waiting) {
                    path.hangUp(j.channel());
                }
                for (ScriptedCaller caller : callers) {
                    assertThat(path.record("ended_at", caller.callerId())).as("the end of %s is recorded", caller.callerId()).isNotNull();
                    Map<String, Integer> steps = trackerSteps(path, caller.callerId());
                    System.out.printf("cluster: tracker steps of %s: %s%n", caller.callerId(), steps);
                    assertThat(steps).as("steps of %s", caller.callerId()).containsEntry("QUEUE_JOINED", 1)
                            .containsEntry("HUNG_UP", 1);
                }
            }
        }
    }
}
