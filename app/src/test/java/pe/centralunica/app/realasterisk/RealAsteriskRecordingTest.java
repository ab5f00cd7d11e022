package pe.centralunica.app.realasterisk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real Asterisk 20 with the generated dialplan and CU_RECORDING_DIR set: a call is recorded by MixMonitor from
 * answer, the file exists with the call's duration, is linked to the call record, and plays in the console for a
 * supervisor but not for a dispatcher of another district. Prints "real-asterisk: recording …".
 */
@EnabledWithRealAsterisk
class RealAsteriskRecordingTest {

    private static final String PASSWORD = "correct-horse-battery";
    private static RealCallPath path;
    private static Path recordings;

    @BeforeAll
    static void start() throws Exception {
        recordings = Path.of("target", "rec-" + System.currentTimeMillis() % 1_000_000).toAbsolutePath();
        Files.createDirectories(recordings);
        path = RealCallPath.start("rec", RealCallPath.SqlSeed.none(),
                Map.of("CU_RECORDING_DIR", recordings.toString(), "CU_RECORDING_SCAN_S", "1"));
        Users users = new Users(new Jdbc(path.db().dataSource()), new PasswordHasher());
        users.create(new Users.NewUser("supervisor", "Supervisor", PASSWORD, Role.SUPERVISOR, Optional.empty(), Optional.empty()), "test");
        users.create(new Users.NewUser("disp.sjl", "Disp SJL", PASSWORD, Role.DISPATCHER, Optional.of("SER-150132"), Optional.empty()), "test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (path != null) path.close();
    }

    private static HttpClient signedIn(String user) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return http;
    }

    private static String base() {
        return "http://127.0.0.1:" + path.node().httpPort();
    }

    @Test
    void aCallIsRecordedWithItsDurationLinkedToItsRecordAndPlaysOnlyForThoseWhoMay() throws Exception {
        ScriptedCaller caller = ScriptedCaller.dialling("911", "987130001").pressesAfter(1.5, "1").pressesAfter(1.0, "22");
        RealCallPath.Joined joined = path.callUntilQueued(caller); // hung up as soon as it joined the queue
        String callId = path.record("id", caller.callerId());
        // The hang-up reaches the record through the node's AMI tracker (Hangup event), not only the recording's
        // silence: RealCallPath.record waits up to 20 s for it.
        assertThat(path.record("ended_at", caller.callerId())).as("the AMI tracker recorded the caller's hang-up").isNotNull();

        Jdbc jdbc = new Jdbc(path.db().dataSource());
        // Linked once MixMonitor has stopped writing (5 s) — the scan runs every second.
        long deadline = System.nanoTime() + 30_000_000_000L;
        Optional<String> linked = Optional.empty();
        while (linked.isEmpty() && System.nanoTime() < deadline) {
            linked = jdbc.tx("t", tx -> tx.one("SELECT path || '|' || duration_ms || '|' || bytes FROM call_recording WHERE call_id = ?::uuid",
                    rs -> rs.getString(1), callId));
            Thread.sleep(200);
        }
        assertThat(linked).as("recording linked to call " + callId + "; files: " + java.util.Arrays.toString(recordings.toFile().list()))
                .isPresent();
        String[] parts = linked.get().split("\\|");
        Path file = Path.of(parts[0]);
        assertThat(file).exists().hasParent(recordings);
        long durationMs = Long.parseLong(parts[1]);
        // Independent of the app's reader: the WAV's own header (byte rate) and size.
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file), 0, 44).order(ByteOrder.LITTLE_ENDIAN);
        double fileSeconds = (Files.size(file) - 44) / (double) header.getInt(28);
        System.out.printf("real-asterisk: recording of a call answered→queued in %.2f s: %.2f s on disk (%d ms linked)%n",
                joined.answerToQueueSeconds(), fileSeconds, durationMs);
        // Recorded from answer until the hang-up right after queueing; measured here 3.26 s on disk for 3.67 s
        // answer→queue (MixMonitor writes the frames that flow, from a moment after the AGI's answer). Margins for
        // a loaded 2-core machine.
        assertThat(fileSeconds).isBetween(joined.answerToQueueSeconds() - 1.0, joined.answerToQueueSeconds() + 3.0);
        assertThat(durationMs / 1000.0).isCloseTo(fileSeconds, org.assertj.core.data.Offset.offset(0.1));

        HttpResponse<byte[]> supervisor = signedIn("supervisor").send(HttpRequest.newBuilder(URI.create(base() + "/api/calls/" + callId
                + "/recording")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(supervisor.statusCode()).isEqualTo(200);
        assertThat(supervisor.body()).hasSize((int) Files.size(file));
        HttpResponse<byte[]> other = signedIn("disp.sjl").send(HttpRequest.newBuilder(URI.create(base() + "/api/calls/" + callId
                + "/recording")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(other.statusCode()).as("a dispatcher of another district").isEqualTo(404);
        assertThat(jdbc.tx("t", tx -> tx.one("SELECT count(*) FROM recording_play WHERE call_id = ?::uuid AND username = 'supervisor'",
                rs -> rs.getLong(1), callId)).orElseThrow()).isEqualTo(1);
        assertThat(jdbc.tx("t", tx -> tx.one("SELECT count(*) FROM audit_log WHERE entity = 'call' AND entity_id = ? AND actor = 'supervisor'"
                + " AND after->>'playedRecording' = 'true'", rs -> rs.getLong(1), callId)).orElseThrow()).as("the play is audited").isEqualTo(1);
        assertThat(jdbc.tx("t", tx -> tx.one("SELECT count(*) FROM recording_play WHERE call_id = ?::uuid AND username = 'disp.sjl'",
                rs -> rs.getLong(1), callId)).orElseThrow()).as("a refused play is no play").isZero();
    }
}
