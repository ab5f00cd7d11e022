package pe.centralunica.app.callpath;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import pe.centralunica.app.Node;
import pe.centralunica.console.security.PasswordHasher;
import pe.centralunica.console.security.Role;
import pe.centralunica.console.security.Users;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.SimulatedAsterisk;
import pe.centralunica.simulator.Topology;

import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher's side over the real protocols, no fakes between: a simulated Asterisk runs the project's
 * dialplan and AMI; the node triages over FastAGI and follows the call over AMI (asterisk-java); the Miraflores
 * dispatcher's phone answers, their console pops the call with what the IVR learned, and their transfer goes
 * back to Asterisk as an AMI Redirect that lands in the police desk.
 */
class SimulatedCityConsoleTest {

    private static final String PASSWORD = "correct-horse-battery";

    @Test
    void aCallAnsweredByTheDispatchersPhonePopsOnTheirConsoleAndTheirTransferReachesThePolice() throws Exception {
        int agiPort;
        try (ServerSocket s = new ServerSocket(0)) {
            agiPort = s.getLocalPort();
        }
        DatabaseSettings settings = TestDatabases.freshSettings();
        try (SimulatedAsterisk asterisk = Topology.apply(SimulatedAsterisk.builder(), 1, 2, Duration.ofSeconds(2), Duration.ofSeconds(120))
                .agiServer("127.0.0.1", agiPort).ami(0, "central-unica", "ami-secret").timeScale(0.1).seed(9).start();
             Node node = TestNode.start(settings, Map.of("CU_AGI_PORT", Integer.toString(agiPort), "CU_AMI_HOST", "127.0.0.1",
                     "CU_AMI_PORT", Integer.toString(asterisk.amiPort()), "CU_AMI_USER", "central-unica", "CU_AMI_SECRET", "ami-secret"));
             Database db = Database.open(settings)) {
            new Users(new Jdbc(db.dataSource()), new PasswordHasher()).create(new Users.NewUser("disp.miraflores", "Disp Miraflores",
                    PASSWORD, Role.DISPATCHER, Optional.of("SER-150122"), Optional.of("PJSIP/disp-150122-01")), "test");
            Browserless dispatcher = new Browserless(node.httpPort());
            assertThat(dispatcher.login("disp.miraflores").statusCode()).isEqualTo(200);
            BlockingQueue<JsonObject> feed = dispatcher.feed();

            // A crime in Miraflores: the district's Serenazgo (its dispatcher's phone) answers first.
            CompletableFuture<CallOutcome> call = asterisk.place(CallScript.caller("987123456").dials("911")
                    .pressesAfter(Duration.ofSeconds(5), "1").pressesAfter(Duration.ofMillis(7_500), "22")
                    .hangsUpAfterAnswer(Duration.ofSeconds(300)));

            // The console's own feed, as the desk page reads it. At this time scale the phone answers before the
            // journal ships the records (gathered batches, ~0.2-2 s), so the first pop may lack its incident: the
            // node then pushes the same pop again (popUpdate) once the incident is in PostgreSQL.
            JsonObject pop = firstPopWithItsIncident(feed, "987123456");
            assertThat(pop).as("screen pop on the dispatcher's console").isNotNull();
            assertThat(pop.encode()).contains("CRIME").contains("150122");
            assertThat(pop.getJsonObject("call")).isNotNull();
            long incidentId = pop.getJsonObject("incident").getLong("id");
            String uniqueid = pop.getJsonObject("live").getString("uniqueid");

            HttpResponse<String> transfer = dispatcher.post("/api/live/calls/" + uniqueid + "/transfer",
                    new JsonObject().put("target", "Q-PNP").put("incidentId", incidentId));
            assertThat(transfer.statusCode()).as(transfer.body()).isBetween(200, 204);

            String callId = pop.getJsonObject("call").getString("id");
            Records records = new Records(db);
            assertThat(records.await("SELECT data->>'to' FROM call_event WHERE call_id = ?::uuid AND type = 'TRANSFERRED'", callId, "Q-PNP"))
                    .isEqualTo("Q-PNP");
            assertThat(records.await("SELECT data->>'queue' FROM call_event WHERE call_id = ?::uuid AND type = 'ANSWERED' AND data->>'queue' = 'desk-pnp'",
                    callId, "desk-pnp")).as("answered again at the police desk").isEqualTo("desk-pnp");
            call.cancel(true);
        }
    }

    /** The first pop of the caller's call, or the update that brought it its incident; fails after 60 s. */
    private static JsonObject firstPopWithItsIncident(BlockingQueue<JsonObject> feed, String caller) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonObject m = feed.poll(1, TimeUnit.SECONDS);
            boolean pop = m != null && ("pop".equals(m.getString("type")) || "popUpdate".equals(m.getString("type")))
                    && m.getJsonObject("pop").encode().contains(caller);
            if (pop && m.getJsonObject("pop").getJsonObject("incident") != null) {
                return m.getJsonObject("pop");
            }
        }
        return null;
    }

    /** Cookies and the CSRF token, as the console's JavaScript keeps them. */
    private static final class Browserless {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        private final int port;
        private String csrf;

        Browserless(int port) {
            this.port = port;
        }

        HttpResponse<String> login(String user) throws Exception {
            HttpResponse<String> r = post("/api/login", new JsonObject().put("username", user).put("password", PASSWORD));
            if (r.statusCode() == 200) {
                csrf = new JsonObject(r.body()).getString("csrfToken");
            }
            return r;
        }

        /** The live feed (/api/live) of the signed-in user: every message, in order. */
        BlockingQueue<JsonObject> feed() {
            BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
            StringBuilder partial = new StringBuilder();
            http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + port)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/live"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                messages.add(new JsonObject(partial.toString()));
                                partial.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    }).join();
            return messages;
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, JsonObject body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode())).header("Content-Type", "application/json");
            if (csrf != null) {
                b.header("X-CSRF-Token", csrf);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
