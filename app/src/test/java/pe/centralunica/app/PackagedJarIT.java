package pe.centralunica.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the shaded jar the way an operator does (a separate JVM, `java -jar central-unica.jar demo` on a
 * fresh data directory) and waits for /health to report UP. Catches what only the flat jar can break:
 * missing service files, classpath scans, the Multi-Release layout.
 */
class PackagedJarIT {

    private Process process;

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void demoFromThePackagedJarReportsUpAndServesDistricts(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("central-unica.jar", "target/central-unica.jar"));
        assertThat(jar).exists();
        int port = freePort();
        Path log = dir.resolve("demo.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "demo"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CU_"));
        builder.environment().put("CU_HTTP_PORT", String.valueOf(port));
        builder.environment().put("CU_HTTP_HOST", "127.0.0.1");
        builder.environment().put("CU_DATA_DIR", dir.resolve("data").toString());
        builder.environment().put("CU_AGI_PORT", "0");
        builder.environment().put("CU_DEMO_AMI_PORT", "0");
        builder.environment().put("CU_DEMO_CALLS_PER_MINUTE", "600");
        process = builder.start();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        HttpResponse<String> health = null;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                health = http.send(get(port, "/health"), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        assertThat(health).as("no /health answer; log:%n%s", Files.readString(log)).isNotNull();
        assertThat(health.body()).as(Files.readString(log)).contains("\"status\":\"UP\"");

        HttpResponse<String> districts = http.send(get(port, "/api/districts"), HttpResponse.BodyHandlers.ofString());
        assertThat(new io.vertx.core.json.JsonArray(districts.body())).hasSize(61);
        assertThat(Files.readString(log)).contains("Demo data directory").doesNotContain("Exception");

        // The demo's simulated city calls the node: sessions appear in /metrics.
        long callsDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        double sessions = 0;
        while (sessions < 3 && System.nanoTime() < callsDeadline) {
            String metrics = http.send(get(port, "/metrics"), HttpResponse.BodyHandlers.ofString()).body();
            sessions = metrics.lines().filter(l -> l.startsWith("cu_agi_sessions_total"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            Thread.sleep(250);
        }
        assertThat(sessions).as("FastAGI sessions from the demo traffic; log:%n%s", Files.readString(log)).isGreaterThanOrEqualTo(3);
        // …and the node follows the same calls over AMI, parsed by asterisk-java inside the flat jar.
        String metrics = http.send(get(port, "/metrics"), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("cu_ami_connected 1.0");
        double amiEvents = metrics.lines().filter(l -> l.startsWith("cu_ami_events_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(amiEvents).isGreaterThan(10);
    }

    @Test
    void thePackagedJarParsesAmiEventsIntoTypedClasses(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("central-unica.jar", "target/central-unica.jar"));
        Path log = dir.resolve("self-check.log");
        Process check = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "self-check")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(check.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("self-check passed").contains("NewChannelEvent").contains("HangupEvent");
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
