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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence package of one call (a false alarm under Ley 29924): its record, timeline, recording and who played
 * it, the prank marks on that number (made and removed), the audit trail, its incident's EIDO — verified against the
 * signed manifest; one changed file is named; supervisors only.
 */
class CallEvidenceApiTest {

    private static ConsoleNode console;
    private static byte[] key;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
        key = HexFormat.of().parseHex(console.jdbc.tx("key", tx -> tx.one("SELECT key_hex FROM evidence_key", rs -> rs.getString(1)))
                .orElseThrow());
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    private static Map<String, byte[]> unzip(byte[] archive) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                out.put(e.getName(), zip.readAllBytes());
            }
        }
        return out;
    }

    private static byte[] zip(Map<String, byte[]> files) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static HttpResponse<byte[]> download(ConsoleNode.Client user, String call) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.base() + "/api/calls/" + call + "/evidence")).GET();
        if (user != null) {
            b.header("Cookie", user.sessionCookie());
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(Map<String, byte[]> files, String name) {
        assertThat(files).containsKey(name);
        return new String(files.get(name), StandardCharsets.UTF_8);
    }

    @Test
    void aFalseAlarmCallsPackageCarriesItsRecordingPlaysMarksAndEidoAndVerifies() throws Exception {
        // The same number called before and was marked a prank; that mark was later removed by a supervisor.
        UUID earlier = console.insertCall("1700001341.1", "987001341", "FIRE", "150122", "NORMAL", "ANSWERED");
        UUID call = console.insertCall("1700001342.1", "987001341", "FIRE", "150122", "NORMAL", "ANSWERED");
        long incident = console.incidentOf(call);
        var dispatcher = console.login("disp.miraflores");
        assertThat(dispatcher.post("/api/calls/" + earlier + "/prank", new JsonObject()).statusCode()).isEqualTo(200);
        assertThat(dispatcher.post("/api/calls/" + call + "/prank", new JsonObject()).statusCode()).isEqualTo(200);
        var supervisor = console.login("supervisor");
        long earlierMark = console.jdbc.tx("mark", tx -> tx.one("SELECT id FROM caller_mark WHERE call_id = ?", rs -> rs.getLong(1), earlier))
                .orElseThrow();
        HttpResponse<String> removed = supervisor.post("/api/prank-marks/" + earlierMark + "/remove",
                new JsonObject().put("reason", "Era un niño jugando; la madre llamó a disculparse"));
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);

        // Its recording, linked as the recording keeper does, then played once by the supervisor.
        byte[] audio = "RIFF....WAVE (the call's recording)".getBytes(StandardCharsets.UTF_8);
        Path wav = Files.createTempFile("call-evidence-", ".wav");
        Files.write(wav, audio);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(audio));
        console.jdbc.tx("link", tx -> tx.update("INSERT INTO call_recording (call_id, path, duration_ms, bytes, sha256) VALUES (?, ?, 2100, ?, ?)",
                call, wav.toString(), audio.length, sha));
        assertThat(supervisor.get("/api/calls/" + call + "/recording").statusCode()).isEqualTo(200);

        HttpResponse<byte[]> r = download(supervisor, call.toString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).contains("call-" + call + "-evidence.zip");

        EvidenceVerifier.Verdict verdict = EvidenceVerifier.verify(r.body(), key);
        assertThat(verdict).isInstanceOf(EvidenceVerifier.Verdict.Intact.class);
        assertThat(((EvidenceVerifier.Verdict.Intact) verdict).subject()).contains("1700001342.1");
        Map<String, byte[]> files = unzip(r.body());
        assertThat(files.keySet()).contains("call.json", "timeline.json", "recording.json", "recording-plays.json", "prank-marks.json",
                "audit-trail.json", "eido.json", "README.txt", "recordings/1700001342.1.wav");
        assertThat(files.get("recordings/1700001342.1.wav")).isEqualTo(audio);
        assertThat(new JsonObject(text(files, "call.json")).getString("caller_number")).isEqualTo("987001341");
        assertThat(text(files, "timeline.json")).contains("MARKED_PRANK");
        assertThat(new JsonArray(text(files, "recording.json")).getJsonObject(0).getString("sha256")).isEqualTo(sha);
        JsonArray plays = new JsonArray(text(files, "recording-plays.json"));
        assertThat(plays).hasSize(1);
        assertThat(plays.getJsonObject(0).getString("username")).isEqualTo("supervisor");
        JsonArray marks = new JsonArray(text(files, "prank-marks.json"));
        assertThat(marks).as("this call's mark and the earlier, removed one on the same number").hasSize(2);
        JsonObject mine = marks.stream().map(m -> (JsonObject) m).filter(m -> m.getBoolean("thisCall")).findFirst().orElseThrow();
        assertThat(mine.getString("markedBy")).isEqualTo("disp.miraflores");
        JsonObject old = marks.stream().map(m -> (JsonObject) m).filter(m -> !m.getBoolean("thisCall")).findFirst().orElseThrow();
        assertThat(old.getString("removedBy")).isEqualTo("supervisor");
        assertThat(old.getString("reason")).contains("niño");
        String audit = text(files, "audit-trail.json");
        assertThat(audit).as("the play").contains("playedRecording");
        assertThat(audit).as("the removal of the earlier mark").contains("caller_mark").contains("Era un niño");
        assertThat(new JsonArray(audit).stream().map(a -> ((JsonObject) a).getString("entityId")))
                .as("both calls' prank marks").contains(call.toString(), earlier.toString());
        assertThat(new JsonObject(text(files, "eido.json")).getJsonArray("incidentComponent").getJsonObject(0)
                .getString("incidentTrackingIdentifier")).endsWith(":incident:" + incident);
        assertThat(console.count("SELECT count(*) FROM audit_log WHERE entity = 'evidence' AND entity_id = ? AND actor = 'supervisor'",
                "call:" + call)).as("the download is audited").isEqualTo(1);

        // Someone swaps the recording inside the package: the verifier names that file.
        Map<String, byte[]> swapped = new LinkedHashMap<>(files);
        swapped.put("recordings/1700001342.1.wav", "RIFF....WAVE (another recording)".getBytes(StandardCharsets.UTF_8));
        EvidenceVerifier.Verdict tampered = EvidenceVerifier.verify(zip(swapped), key);
        assertThat(tampered).isInstanceOf(EvidenceVerifier.Verdict.Tampered.class);
        assertThat(((EvidenceVerifier.Verdict.Tampered) tampered).problems()).singleElement().asString()
                .startsWith("recordings/1700001342.1.wav");
    }

    @Test
    void aCallWithoutIncidentHasNoEidoAndStillVerifies() throws Exception {
        UUID call = UUID.randomUUID();
        console.jdbc.tx("call", tx -> tx.update("INSERT INTO call (id, asterisk_uniqueid, caller_number, caller_class, district_ubigeo,"
                + " outcome, arrived_at, ended_at) VALUES (?, '1700001343.1', '987001343', 'NORMAL', '150132', 'ABANDONED', now(), now())", call));
        HttpResponse<byte[]> r = download(console.login("supervisor"), call.toString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(EvidenceVerifier.verify(r.body(), key)).isInstanceOf(EvidenceVerifier.Verdict.Intact.class);
        Map<String, byte[]> files = unzip(r.body());
        assertThat(files).doesNotContainKey("eido.json");
        assertThat(text(files, "README.txt")).contains("linked to no incident");
    }

    @Test
    void onlySupervisorsDownloadACallsPackage() throws Exception {
        UUID call = console.insertCall("1700001344.1", "987001344", "CRIME", "150122", "NORMAL", "ANSWERED");
        assertThat(download(console.login("disp.miraflores"), call.toString()).statusCode()).as("a dispatcher of its district").isEqualTo(403);
        assertThat(download(console.login("disp.sjl"), call.toString()).statusCode()).as("a dispatcher of another district").isEqualTo(403);
        assertThat(download(null, call.toString()).statusCode()).as("no session").isEqualTo(401);
        var supervisor = console.login("supervisor");
        assertThat(download(supervisor, UUID.randomUUID().toString()).statusCode()).isEqualTo(404);
        assertThat(download(supervisor, "not-a-uuid").statusCode()).isEqualTo(400);
        assertThat(console.count("SELECT count(*) FROM audit_log WHERE entity = 'evidence' AND entity_id = ?", "call:" + call))
                .as("refusals make no package").isZero();
    }
}
