package pe.centralunica.console.recording;

import pe.centralunica.app.testing.NodeConsoleHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe.centralunica.console.desk.ConsoleNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recording Asterisk left for a call is linked to the call record (path, duration, checksum), plays for a
 * supervisor and the call's district dispatcher but not another district's, every play recorded; retention deletes it.
 */
class RecordingsApiTest {

    @TempDir
    static Path recordings;
    private static ConsoleNode console;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode(NodeConsoleHost.with(Map.of("CU_RECORDING_DIR", recordings.toString(), "CU_RECORDING_SCAN_S", "1",
                "CU_RECORDING_RETENTION_DAYS", "1"), false));
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    /** 8 kHz, 16-bit mono PCM (what MixMonitor writes for .wav), {@code millis} long. */
    static byte[] wav(int millis) {
        int data = 16 * millis;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + data).putInt(0x45564157)
                .putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                .putShort((short) 2).putShort((short) 16)
                .putInt(0x61746164).putInt(data);
        for (int i = 0; i < data / 2; i++) {
            b.putShort((short) (Math.sin(i / 8.0) * 8000));
        }
        return b.array();
    }

    private static HttpResponse<byte[]> play(ConsoleNode.Client who, UUID call) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.base() + "/api/calls/" + call + "/recording"))
                .header("Cookie", who.sessionCookie()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(end);
            Thread.sleep(100);
        }
    }

    @Test
    void aRecordingIsLinkedPlaysForThoseWhoMayAndExpires() throws Exception {
        UUID call = console.insertCall("1700001331.7", "987001331", "CRIME", "150122", "NORMAL", "ANSWERED");
        byte[] audio = wav(3_200);
        Files.write(recordings.resolve("1700001331.7.wav"), audio);
        console.jdbc.tx("end the call", tx -> tx.update("UPDATE call SET ended_at = now() WHERE id = ?", call));

        await("the recording linked", () -> console.count("SELECT count(*) FROM call_recording WHERE call_id = ?", call) == 1);
        assertThat(console.count("SELECT duration_ms FROM call_recording WHERE call_id = ?", call)).isEqualTo(3_200);
        assertThat(console.count("SELECT bytes FROM call_recording WHERE call_id = ?", call)).isEqualTo(audio.length);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(audio));
        assertThat(console.count("SELECT count(*) FROM call_recording WHERE call_id = ? AND sha256 = ? AND path = ?", call, sha,
                recordings.resolve("1700001331.7.wav").toString())).isEqualTo(1);

        HttpResponse<byte[]> supervisor = play(console.login("supervisor"), call);
        assertThat(supervisor.statusCode()).isEqualTo(200);
        assertThat(supervisor.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(supervisor.body()).isEqualTo(audio);
        assertThat(play(console.login("disp.miraflores"), call).statusCode()).as("the call's own district").isEqualTo(200);
        assertThat(play(console.login("disp.sjl"), call).statusCode()).as("another district's dispatcher").isEqualTo(404);
        assertThat(console.count("SELECT count(*) FROM recording_play WHERE call_id = ? AND username IN ('supervisor', 'disp.miraflores')", call))
                .isEqualTo(2);
        assertThat(console.count("SELECT count(*) FROM recording_play WHERE username = 'disp.sjl'")).isZero();

        console.jdbc.tx("age the call", tx -> tx.update("UPDATE call SET ended_at = now() - interval '2 days',"
                + " arrived_at = now() - interval '2 days' WHERE id = ?", call));
        await("retention applied", () -> console.count("SELECT count(*) FROM call_recording WHERE call_id = ? AND purged_at IS NOT NULL", call) == 1);
        assertThat(recordings.resolve("1700001331.7.wav")).doesNotExist();
        assertThat(play(console.login("supervisor"), call).statusCode()).isEqualTo(410);
    }
}
