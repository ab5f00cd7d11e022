package pe.centralunica.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.console.config.ConfigurationException;
import pe.centralunica.app.config.Environment;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node started on an empty database: migrates it, reports health, serves districts and metrics. */
class HttpApiTest {

    private static Node node;
    private static DatabaseSettings db;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static java.nio.file.Path dataDir;

    @BeforeAll
    static void start() throws java.io.IOException {
        db = TestDatabases.freshSettings();
        dataDir = java.nio.file.Files.createTempDirectory("cu-node-test");
        node = Node.start(settings(0), false);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static AppSettings settings(int httpPort) {
        return settings(httpPort, dataDir);
    }

    private static AppSettings settings(int httpPort, java.nio.file.Path dataDir) {
        Map<String, String> env = TestEnvironment.node(db);
        env.put("CU_DATA_DIR", dataDir.toString());
        env.put("CU_HTTP_PORT", String.valueOf(httpPort));
        return AppSettings.from(new Environment(env), true);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpWithOneEntryPerDependency() throws Exception {
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        var body = new io.vertx.core.json.JsonObject(response.body());
        assertThat(body.getString("status")).isEqualTo("UP");
        assertThat(body.getJsonObject("components").getJsonObject("database").getString("status")).isEqualTo("UP");
        assertThat(body.getJsonObject("components").getJsonObject("journal").getJsonObject("details").getLong("unshippedEvents"))
                .isNotNull();
        var callPath = body.getJsonObject("components").getJsonObject("callPath");
        assertThat(callPath.getString("status")).isEqualTo("UP");
        assertThat(callPath.getJsonObject("details").getInteger("rules")).as("the 10 reference rules").isEqualTo(10);
        assertThat(callPath.getJsonObject("details").getInteger("agiPort")).isEqualTo(node.agiPort());
    }

    @Test
    void districtsListsLimaCallaoAndTrujillo() throws Exception {
        var all = new io.vertx.core.json.JsonArray(get("/api/districts").body());
        assertThat(all).hasSize(61);
        var callao = new io.vertx.core.json.JsonArray(get("/api/districts?jurisdiction=CALLAO").body());
        assertThat(callao).hasSize(7);
        assertThat(callao.getJsonObject(0).getMap())
                .containsEntry("code", "070101").containsEntry("name", "Callao").containsEntry("jurisdiction", "CALLAO");
        assertThat(new io.vertx.core.json.JsonArray(get("/api/districts?jurisdiction=trujillo").body())).hasSize(11);
        assertThat(new io.vertx.core.json.JsonArray(get("/api/districts?jurisdiction=LIMA").body())).hasSize(43);
    }

    @Test
    void unknownJurisdictionIsAClearBadRequest() throws Exception {
        HttpResponse<String> response = get("/api/districts?jurisdiction=AREQUIPA");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("unknown jurisdiction 'AREQUIPA'").contains("LIMA");
    }

    @Test
    void unknownPathIsJson404() throws Exception {
        HttpResponse<String> response = get("/api/nothing-here");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
    }

    @Test
    void aSecondNodeOnTheSameSpoolDirectoryIsRefusedWithTheVariableToChange() {
        assertThatThrownBy(() -> Node.start(settings(0), false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CU_SPOOL_DIR");
    }

    @Test
    void metricsArePrometheusTextWithJvmHttpAndPoolFigures() throws Exception {
        get("/api/districts");
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("jvm_memory_used_bytes")
                .contains("vertx_http_server_requests_total")
                .contains("cu_db_pool_max")
                .contains("cu_journal_unshipped_events")
                .contains("cu_agi_sessions_total")
                .contains("cu_routing_version");
    }

    @Test
    void aSecondNodeOnTheSamePortSaysThePortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            var otherDataDir = java.nio.file.Files.createTempDirectory("cu-node-test-2");
            assertThatThrownBy(() -> Node.start(settings(taken.getLocalPort(), otherDataDir), false))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("CU_HTTP_PORT")
                    .hasMessageContaining("already in use");
        }
    }
}
