package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.console.desk.ConsoleNode;
import pe.centralunica.exchange.evidence.EvidenceVerifier;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A supervisor downloads an incident's evidence package; it verifies against its signed manifest, and tampering shows. */
class EvidenceApiTest {

    private static ConsoleNode console;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    private static Map<String, byte[]> unzip(byte[] archive) throws Exception {
        Map<String, byte[]> out = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                out.put(e.getName(), zip.readAllBytes());
            }
        }
        return out;
    }

    @Test
    void aFalseAlarmsEvidencePackageVerifiesAndShowsTampering() throws Exception {
        UUID call = console.insertCall("1700001321.1", "987001321", "FIRE", "150122", "NORMAL", "ANSWERED");
        long incident = console.incidentOf(call);
        var dispatcher = console.login("disp.miraflores");
        dispatcher.post("/api/incidents/" + incident + "/notes", new JsonObject().put("text", "No hay incendio: el llamante se ríe"));
        assertThat(dispatcher.post("/api/calls/" + call + "/prank", new JsonObject()).statusCode()).isEqualTo(200);
        // The call's recording, as the recording keeper links it.
        byte[] audio = "RIFF....WAVE (a recording)".getBytes(StandardCharsets.UTF_8);
        java.nio.file.Path wav = java.nio.file.Files.createTempFile("evidence-", ".wav");
        java.nio.file.Files.write(wav, audio);
        String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(audio));
        console.jdbc.tx("link", tx -> tx.update("INSERT INTO call_recording (call_id, path, duration_ms, bytes, sha256) VALUES (?, ?, 1500, ?, ?)",
                call, wav.toString(), audio.length, sha));
        var supervisor = console.login("supervisor");
        String cookie = supervisor.sessionCookie();
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.base()
                + "/api/incidents/" + incident + "/evidence")).header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");

        byte[] key = HexFormat.of().parseHex(console.jdbc.tx("key", tx -> tx.one("SELECT key_hex FROM evidence_key", rs -> rs.getString(1)))
                .orElseThrow());
        EvidenceVerifier.Verdict verdict = EvidenceVerifier.verify(r.body(), key);
        assertThat(verdict).isInstanceOf(EvidenceVerifier.Verdict.Intact.class);
        assertThat(((EvidenceVerifier.Verdict.Intact) verdict).files())
                .contains("eido.json", "timeline.json", "narrative.json", "prank-marks.json", "audit-trail.json");
        Map<String, byte[]> files = unzip(r.body());
        assertThat(files.get("recordings/1700001321.1.wav")).as("the call's recording").isEqualTo(audio);
        assertThat(new JsonArray(new String(files.get("prank-marks.json"), StandardCharsets.UTF_8)).getJsonObject(0).getString("markedBy"))
                .isEqualTo("disp.miraflores");
        assertThat(new String(files.get("audit-trail.json"), StandardCharsets.UTF_8)).contains("No hay incendio");
        assertThat(new String(files.get("timeline.json"), StandardCharsets.UTF_8)).contains("ROUTE_DECIDED");
        assertThat(console.count("SELECT count(*) FROM audit_log WHERE entity = 'evidence' AND entity_id = ? AND actor = 'supervisor'",
                Long.toString(incident))).as("the download is audited").isEqualTo(1);

        // Someone edits the narrative inside the package: the verifier names the file.
        ByteArrayOutputStream edited = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(edited)) {
            for (var f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getKey().equals("narrative.json")
                        ? new String(f.getValue(), StandardCharsets.UTF_8).replace("No hay incendio", "Hay incendio").getBytes(StandardCharsets.UTF_8)
                        : f.getValue());
                zip.closeEntry();
            }
        }
        assertThat(EvidenceVerifier.verify(edited.toByteArray(), key).toString()).contains("narrative.json");

        assertThat(dispatcher.get("/api/incidents/" + incident + "/evidence").statusCode()).as("supervisors only").isEqualTo(403);
        assertThat(supervisor.get("/api/incidents/99999/evidence").statusCode()).isEqualTo(404);
    }
}
