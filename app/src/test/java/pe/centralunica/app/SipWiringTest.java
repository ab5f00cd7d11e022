package pe.centralunica.app;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.Environment;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.db.testing.TestDatabases;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** sip-config as the app wires it: the asterisk-config command, and the SIP watch feeding routing and /health. */
class SipWiringTest {

    @Test
    void asteriskConfigWritesTheFilesAndRefusesToInventASecret(@TempDir Path dir) {
        Map<String, String> env = TestEnvironment.database(TestDatabases.freshSettings());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int refused = new Main(env, new PrintStream(out, true), new PrintStream(err, true))
                .run(new String[]{"asterisk-config", "--out", dir.resolve("a").toString()});
        assertThat(refused).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no secret").contains("CU_SIP_SECRET_");
        assertThat(dir.resolve("a")).doesNotExist();

        env.put("CU_SIP_SECRET_CU_MONITOR", "monitor-secret");
        env.put("CU_SIP_SECRET_AMI_CENTRAL_UNICA", "ami-secret");
        int code = new Main(env, new PrintStream(out, true), new PrintStream(err, true))
                .run(new String[]{"asterisk-config", "--out", dir.resolve("b").toString()});
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(dir.resolve("b")).isDirectoryContaining("glob:**/extensions.conf").isDirectoryContaining("glob:**/queues.conf")
                .isDirectoryContaining("glob:**/pjsip.conf").isDirectoryContaining("glob:**/manager.conf");
    }

    @Test
    void theSipWatchMarksUnreachableTrunksDownForRoutingAndHealth(@TempDir Path dir) throws Exception {
        Map<String, String> env = TestEnvironment.node(TestDatabases.freshSettings());
        int sipPort;
        try (DatagramSocket s = new DatagramSocket(0)) {
            sipPort = s.getLocalPort();
        }
        env.put("CU_DATA_DIR", dir.toString());
        env.put("CU_SIP_AGENT_HOST", "127.0.0.1");
        env.put("CU_SIP_AGENT_PORT", Integer.toString(sipPort));
        env.put("CU_SIP_PROBE_INTERVAL_S", "1");
        env.put("CU_SIP_PROBE_TIMEOUT_MS", "200");
        env.put("CU_SIP_PROBE_DOWN_AFTER", "2");
        // The reference trunks point at documentation addresses (192.0.2.x): nobody answers their OPTIONS.
        try (Node node = Node.start(AppSettings.from(new Environment(env), true), false)) {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            JsonObject health = null;
            while (System.nanoTime() < deadline) {
                health = new JsonObject(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (health.getJsonObject("components").getJsonObject("callPath").getJsonObject("details")
                        .getJsonObject("targetsDown").containsKey("T-PNP")) {
                    break;
                }
                Thread.sleep(200);
            }
            var components = health.getJsonObject("components");
            assertThat(components.getJsonObject("callPath").getJsonObject("details").getJsonObject("targetsDown").fieldNames())
                    .contains("T-PNP");
            assertThat(components.getJsonObject("sip").getJsonObject("details").getJsonObject("trunksDown").fieldNames())
                    .contains("T-PNP");
        }
    }
}
