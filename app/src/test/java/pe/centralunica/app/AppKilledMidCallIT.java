package pe.centralunica.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.Disposition;
import pe.centralunica.simulator.SimulatedAsterisk;
import pe.centralunica.simulator.Topology;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged node is killed (SIGKILL) while callers are inside its IVR: every one of them, and every caller
 * after, still reaches a human through the dialplan's static fallback.
 */
class AppKilledMidCallIT {

    private Process node;

    @AfterEach
    void kill() {
        if (node != null) {
            node.destroyForcibly();
        }
    }

    @Test
    void killingTheNodeMidCallNeverDropsACaller(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("central-unica.jar", "target/central-unica.jar"));
        DatabaseSettings db = TestDatabases.freshSettings();
        int agiPort;
        try (ServerSocket s = new ServerSocket(0)) {
            agiPort = s.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "serve")
                .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CU_"));
        builder.environment().put("CU_DB_URL", db.jdbcUrl());
        if (db.user() != null) {
            builder.environment().put("CU_DB_USER", db.user());
        }
        if (db.password() != null) {
            builder.environment().put("CU_DB_PASSWORD", db.password());
        }
        builder.environment().put("CU_HTTP_PORT", "0");
        builder.environment().put("CU_AGI_PORT", Integer.toString(agiPort));
        builder.environment().put("CU_DATA_DIR", dir.resolve("data").toString());
        node = builder.start();
        awaitListening(agiPort, dir.resolve("node.log"));

        // Prompts of 20 simulated seconds (2 s real): callers are inside the IVR when the node dies.
        try (SimulatedAsterisk asterisk = Topology.apply(SimulatedAsterisk.builder(), 1, 3, Duration.ofSeconds(2), Duration.ofSeconds(5))
                .agiServer("127.0.0.1", agiPort).defaultSoundLength(Duration.ofSeconds(20)).timeScale(0.1).start()) {
            List<CompletableFuture<CallOutcome>> inIvr = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                inIvr.add(asterisk.place(CallScript.caller("97000000" + i).dials("911").hangsUpAfterAnswer(Duration.ofSeconds(5))));
            }
            Thread.sleep(1_000);
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            CompletableFuture<CallOutcome> afterDeath = asterisk.place(CallScript.caller("970000099").dials("911")
                    .hangsUpAfterAnswer(Duration.ofSeconds(5)));

            for (var f : inIvr) {
                CallOutcome o = f.get(120, TimeUnit.SECONDS);
                assertThat(o.agiScripts()).as("the caller was in our IVR when it died").contains("triage");
                assertThat(o.fallback()).isTrue();
                assertThat(o.variable("AGISTATUS")).as("a killed AGI server looks like success to Asterisk").isEqualTo("SUCCESS");
                assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
                assertThat(o.answeredTarget()).isEqualTo("cic-sc");
            }
            CallOutcome o = afterDeath.get(120, TimeUnit.SECONDS);
            assertThat(o.variable("AGISTATUS")).isEqualTo("FAILURE");
            assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
            assertThat(o.answeredTarget()).isEqualTo("cic-sc");
        }
    }

    private static void awaitListening(int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the node never listened on " + port + ":\n" + Files.readString(log));
    }
}
