package pe.centralunica.console.http;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.app.Node;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.Environment;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.db.testing.TestDatabases;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An AMI outage degrades the console and the records of queue steps, not the call path: /health says so
 * (503, for the operator), while readiness and liveness stay 200 so no orchestrator pulls a node that routes.
 */
class HealthProbesTest {

    private static Node node;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startNodeWhoseAsteriskManagerIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens here once closed: AMI connects are refused
        }
        Map<String, String> env = TestEnvironment.node(TestDatabases.freshSettings());
        env.put("CU_AMI_HOST", "127.0.0.1");
        env.put("CU_AMI_PORT", Integer.toString(closedPort));
        env.put("CU_AMI_SECRET", "not-used");
        node = Node.start(AppSettings.from(new Environment(env), true), false);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void amiOutageMakesHealthDownButTheNodeStaysReadyAndLive() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(health.body()).getJsonObject("components").getJsonObject("ami").getString("status"))
                .isEqualTo("DOWN");

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonObject readyBody = new JsonObject(ready.body());
        assertThat(readyBody.getJsonObject("components").fieldNames()).containsExactlyInAnyOrder("callPath", "journal");

        HttpResponse<String> live = get("/health/live");
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        assertThat(new JsonObject(live.body()).getJsonObject("components").fieldNames()).containsExactly("callPath");
    }
}
