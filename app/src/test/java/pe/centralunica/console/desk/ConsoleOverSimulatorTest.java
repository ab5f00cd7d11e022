package pe.centralunica.console.desk;

import pe.centralunica.app.testing.NodeConsoleHost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.SimulatedAsterisk;
import pe.centralunica.simulator.Topology;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console on the real chain: the simulated Asterisk 20 runs the project's dialplan, the node's IVR triages,
 * the node's AMI call tracker follows the call, and the dispatcher's live feed shows it waiting and pops it
 * when her phone answers, and her transfer reaches Asterisk — no stand-in between Asterisk and the console.
 */
class ConsoleOverSimulatorTest {

    private static SimulatedAsterisk asterisk;
    private static ConsoleNode console;

    @BeforeAll
    static void start() throws Exception {
        int agiPort;
        try (ServerSocket s = new ServerSocket(0)) {
            agiPort = s.getLocalPort();
        }
        String dialplan;
        try (InputStream in = Objects.requireNonNull(ConsoleOverSimulatorTest.class.getResourceAsStream("/asterisk/extensions.conf"))) {
            dialplan = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // One dispatcher per queue, who answers after 2 simulated seconds and talks for 60 (6 s of real time).
        asterisk = Topology.apply(SimulatedAsterisk.builder(), 1, 1, Duration.ofSeconds(2), Duration.ofSeconds(60))
                .dialplanText(dialplan).agiServer("127.0.0.1", agiPort).ami(0, "console-test", "console-secret")
                .amiBindHost("127.0.0.1").timeScale(0.1).seed(7).start();
        console = new ConsoleNode(NodeConsoleHost.with(Map.of("CU_AGI_PORT", Integer.toString(agiPort), "CU_AMI_HOST", "127.0.0.1",
                "CU_AMI_PORT", Integer.toString(asterisk.amiPort()), "CU_AMI_USER", "console-test",
                "CU_AMI_SECRET", "console-secret"), true));
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        if (asterisk != null) {
            asterisk.close();
        }
    }

    @Test
    void aCallThroughTheIvrWaitsInTheDispatchersQueueAndPopsWhenHerPhoneAnswers() throws Exception {
        String cookie = console.login("disp.miraflores").sessionCookie();
        LiveFeed feed = new LiveFeed(Duration.ofSeconds(30));
        HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", cookie)
                .buildAsync(URI.create("ws://127.0.0.1:" + console.node.httpPort() + "/api/live"), feed).join();
        feed.next(m -> m.getString("type").equals("queue"));

        CompletableFuture<CallOutcome> outcome = asterisk.place(CallScript.caller("951777001").dials("911")
                .pressesAfter(Duration.ofSeconds(5), "1").pressesAfter(Duration.ofMillis(7_500), "22")
                .hangsUpAfterAnswer(Duration.ofSeconds(40)));

        JsonObject waiting = feed.next(m -> m.getString("type").equals("queue") && m.getJsonArray("calls").stream()
                .map(o -> (JsonObject) o).anyMatch(c -> "951777001".equals(c.getString("callerNumber"))));
        JsonObject call = waiting.getJsonArray("calls").stream().map(o -> (JsonObject) o)
                .filter(c -> "951777001".equals(c.getString("callerNumber"))).findFirst().orElseThrow();
        assertThat(call.getString("agency")).isEqualTo("SER-150122");

        JsonObject pop = feed.next(m -> m.getString("type").equals("pop")).getJsonObject("pop");
        assertThat(pop.getJsonObject("live").getString("callerNumber")).isEqualTo("951777001");
        assertThat(pop.getJsonObject("live").getString("type")).isEqualTo("CRIME");
        assertThat(pop.getJsonObject("live").getString("answeredBy")).isEqualTo(ConsoleNode.MIRAFLORES_PHONE);
        String uniqueid = pop.getJsonObject("live").getString("uniqueid");

        // The dispatcher hands the caller to the police desk: AMI Redirect into cu-transfer, the incident carried.
        var dispatcher = console.login("disp.miraflores");
        long incident = new JsonObject(dispatcher.post("/api/incidents", new JsonObject().put("type", "CRIME")).body()).getLong("id");
        var transferred = dispatcher.post("/api/live/calls/" + uniqueid + "/transfer",
                new JsonObject().put("target", "Q-PNP").put("incidentId", incident));
        assertThat(transferred.statusCode()).as(transferred.body()).isEqualTo(200);

        assertThat(feed.next(m -> m.getString("type").equals("popEnded")).getString("uniqueid")).isEqualTo(uniqueid);
        CallOutcome done = outcome.get(60, TimeUnit.SECONDS);
        assertThat(done.variable("CU_CALL_ID")).isNotBlank();
        assertThat(done.variable("CU_INCIDENT_ID")).isEqualTo(Long.toString(incident));
        assertThat(done.dialplanTrace()).anyMatch(step -> step.contains("desk-pnp"));
    }

    @Test
    void anAdministratorsRuleChangeRoutesTheNextSimulatedCall() throws Exception {
        var admin = console.login("admin");
        JsonObject decision = new JsonObject(admin.post("/api/admin/rules/dry-run", new JsonObject().put("type", "FIRE")
                .put("district", "150104")).body());
        long ruleId = decision.getLong("ruleId");
        JsonObject rule = new JsonObject(admin.get("/api/admin/rules").body()).getJsonArray("rules").stream()
                .map(o -> (JsonObject) o).filter(r -> r.getLong("id") == ruleId).findFirst().orElseThrow();
        rule.remove("id");
        rule.remove("schedule");
        rule.put("targets", new io.vertx.core.json.JsonArray().add(new JsonObject().put("target", "Q-SAMU")));
        var changed = admin.put("/api/admin/rules/" + ruleId, rule);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

        // A fire in Barranco (district key 04): the desk the administrator just chose answers it.
        CallOutcome o = asterisk.place(CallScript.caller("951777002").dials("911")
                .pressesAfter(Duration.ofSeconds(5), "2").pressesAfter(Duration.ofMillis(7_500), "04")
                .hangsUpAfterAnswer(Duration.ofSeconds(3))).get(60, TimeUnit.SECONDS);
        assertThat(o.variable("CU_DISTRICT")).isEqualTo("150104");
        assertThat(o.variable("CU_RULE")).isEqualTo(Long.toString(ruleId));
        assertThat(o.answeredTarget()).isEqualTo("desk-samu");
    }
}
