package pe.centralunica.app.realasterisk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Synthetic monitoring calls with their defaults (CU_SYNTHETIC_DIGITS, CU_SYNTHETIC_NUMBER) pass on the real
 * Asterisk: SIP INFO keys during the welcome count (type-ahead), and the first call, placed as the node starts,
 * finds the FastAGI port already listening.
 */
@EnabledWithRealAsterisk
class RealAsteriskSyntheticCallTest {

    private static RealCallPath path;

    @BeforeAll
    static void start() throws Exception {
        path = RealCallPath.start("synthetic", RealCallPath.SqlSeed.none(), Map.of(), true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (path != null) path.close();
    }

    @Test
    void theFirstSyntheticCallWithDefaultDigitsIsRoutedAndRecordedAsATestCall() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String health = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !health.contains("\"syntheticLastSuccess\"") && !health.contains("\"syntheticFailures\":1")) {
            Thread.sleep(500);
            health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + path.node().httpPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(health).contains("\"syntheticFailures\":0").contains("\"syntheticLastSuccess\"");
        assertThat(path.record("emergency_type_code || ' ' || coalesce(district_ubigeo, '-') || ' ' || test_call", "cu-monitor"))
                .isEqualTo("FIRE 150122 true");
    }
}
