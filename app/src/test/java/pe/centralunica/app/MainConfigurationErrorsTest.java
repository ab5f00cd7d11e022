package pe.centralunica.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe.centralunica.app.demo.DemoDirectoryLock;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad configuration ends with one line that names the variable, and a non-zero exit. */
class MainConfigurationErrorsTest {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = new Main(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneLineNaming(Outcome outcome, String variable) {
        assertThat(outcome.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(outcome.err().strip()).doesNotContain("\n").contains(variable).doesNotContain("Exception");
    }

    @Test
    void serveWithoutDatabaseUrlSaysWhichVariableToSet() {
        Outcome outcome = run(Map.of(), "serve");
        assertOneLineNaming(outcome, "CU_DB_URL");
        assertThat(outcome.err()).contains("not set");
    }

    @Test
    void aDemoSeedThatIsNoNumberIsRefusedBeforeTheDemoStarts() {
        Outcome outcome = run(Map.of("CU_DEMO_SEED", "mañana"), "demo");
        assertOneLineNaming(outcome, "CU_DEMO_SEED");
        assertThat(outcome.out()).doesNotContain("Demo seed");
    }

    @Test
    void malformedDatabaseUrlIsRejectedBeforeAnyConnection() {
        assertOneLineNaming(run(Map.of("CU_DB_URL", "postgres://localhost/db"), "migrate"), "CU_DB_URL");
    }

    @Test
    void unreachableDatabaseGivesOneLineNotAStackTrace() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Outcome outcome = run(Map.of("CU_DB_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/cu",
                "CU_DB_CONNECT_TIMEOUT_S", "1"), "serve");
        assertOneLineNaming(outcome, "CU_DB_URL");
        assertThat(outcome.err()).contains("cannot reach the server");
    }

    @Test
    void aPasswordInTheDatabaseUrlNeverReachesTheErrorLine() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Outcome unreachable = run(Map.of("CU_DB_URL", "jdbc:postgresql://127.0.0.1:" + closedPort
                + "/cu?user=cu&password=hunter2-secret&sslmode=disable", "CU_DB_CONNECT_TIMEOUT_S", "1"), "serve");
        assertOneLineNaming(unreachable, "CU_DB_URL");
        assertThat(unreachable.err()).doesNotContain("hunter2-secret").contains("password=***").contains("sslmode=disable");
        Outcome malformed = run(Map.of("CU_DB_URL", "postgres://cu:hunter2-secret@db/cu?password=hunter2-secret"), "migrate");
        assertOneLineNaming(malformed, "CU_DB_URL");
        assertThat(malformed.err()).doesNotContain("hunter2-secret");
    }

    @Test
    void amiHostWithoutSecretIsRefusedInServe() {
        Outcome outcome = run(Map.of("CU_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test", "CU_AMI_HOST", "10.0.0.5"), "serve");
        assertOneLineNaming(outcome, "CU_AMI_SECRET");
    }

    @Test
    void clusterMembersWithoutThisNodesAddressIsRefusedInServe() {
        Outcome outcome = run(Map.of("CU_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "CU_CLUSTER_MEMBERS", "10.0.0.5:5701,10.0.0.6:5701"), "serve");
        assertOneLineNaming(outcome, "CU_CLUSTER_HOST");
    }

    @Test
    void malformedClusterMemberNamesTheVariable() {
        Outcome outcome = run(Map.of("CU_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "CU_CLUSTER_MEMBERS", "10.0.0.5:5701,http://10.0.0.6", "CU_CLUSTER_HOST", "10.0.0.5"), "serve");
        assertOneLineNaming(outcome, "CU_CLUSTER_MEMBERS");
    }

    @Test
    void nonNumericPortNamesTheVariable() {
        assertOneLineNaming(run(Map.of("CU_HTTP_PORT", "eighty"), "demo"), "CU_HTTP_PORT");
    }

    @Test
    void secondDemoOnTheSameDataDirectorySaysWhatToDoInstead(@TempDir Path dataDir) {
        try (var first = DemoDirectoryLock.take(dataDir)) {
            Outcome outcome = run(Map.of("CU_DATA_DIR", dataDir.toString()), "demo");
            assertOneLineNaming(outcome, "CU_DATA_DIR");
            assertThat(outcome.err()).contains("another demo is already running").contains("Ctrl-C")
                    .doesNotContain("epg-lock");
        }
    }

    @Test
    void unknownCommandPrintsUsage() {
        Outcome outcome = run(Map.of(), "launch");
        assertThat(outcome.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(outcome.err()).contains("unknown command 'launch'").contains("serve").contains("demo");
    }
}
