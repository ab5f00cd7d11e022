package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.console.desk.ConsoleNode;
import pe.centralunica.exchange.evidence.EvidenceVerifier;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Units an agency names in Spanish, with emoji or right-to-left text reach every export intact: the incident's EIDO,
 * its evidence package and the call's (JSON in UTF-8, manifest and signature verified); text no EIDO could carry is
 * refused at the door with a 400, never stored to break an export later.
 */
class NonAsciiUnitEvidenceTest {

    private static ConsoleNode console;
    private static String bomberos;
    private static byte[] key;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
        var admin = console.login("admin");
        HttpResponse<String> t = admin.post("/api/admin/agencies/CGBVP/tokens", new JsonObject().put("label", "CGBVP CAD"));
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        bomberos = new JsonObject(t.body()).getString("token");
        key = HexFormat.of().parseHex(console.jdbc.tx("key", tx -> tx.one("SELECT key_hex FROM evidence_key", rs -> rs.getString(1)))
                .orElseThrow());
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    private record Fire(UUID call, long incident) {
    }

    private static Fire fire(String uniqueid) {
        UUID a = console.insertCall(uniqueid, "98700" + uniqueid.substring(6, 10), "FIRE", "150122", "NORMAL", "TRANSFERRED");
        event(a, 1, "TARGET_TRIED", new JsonObject().put("step", "0").put("target", "Q-SER-150122"));
        event(a, 2, "TRANSFERRED", new JsonObject().put("to", "Q-CGBVP").put("by", "disp.miraflores"));
        return new Fire(a, console.incidentOf(a));
    }

    private static void event(UUID call, int seq, String type, JsonObject data) {
        console.jdbc.tx("test event", tx -> tx.update("INSERT INTO call_event (event_id, call_id, seq, at, type, data)"
                + " VALUES (gen_random_uuid(), ?, ?, now(), ?, ?::jsonb)", call, seq, type, data.encode()));
    }

    private static HttpResponse<String> agency(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(console.base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bomberos).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> report(long incident, JsonArray units) throws Exception {
        return report(incident, units, json -> json);
    }

    /** As {@link #report(long, JsonArray)}, the JSON text edited before it is sent (for what no encoder writes). */
    private static HttpResponse<String> report(long incident, JsonArray units, java.util.function.UnaryOperator<String> edit)
            throws Exception {
        HttpResponse<String> pulled = agency("GET", "/api/agency/incidents/" + incident + "/eido", null);
        assertThat(pulled.statusCode()).as(pulled.body()).isEqualTo(200);
        String id = "urn:uuid:" + UUID.randomUUID();
        JsonObject eido = new JsonObject(pulled.body()).put("eidoMessageIdentifier", id).put("$id", id)
                .put("emergencyResourceComponent", units);
        return agency("POST", "/api/agency/incidents/" + incident + "/eido", edit.apply(eido.encode()));
    }

    private static JsonObject unit(String id, String name, String type) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        return new JsonObject().put("$id", id).put("componentIdentifier", id).put("lastUpdateTimeStamp", at.toString())
                .put("updatedByAgencyReference", new JsonObject().put("$ref", "agency-CGBVP"))
                .put("emergencyResourceTypeCommonRegistryText", type).put("emergencyResourceName", name)
                .put("primaryUnitStatusRegistryText", "Dispatched");
    }

    private static HttpResponse<byte[]> download(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(console.base() + path))
                .header("Cookie", console.login("supervisor").sessionCookie()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, String> unzipped(byte[] archive) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                out.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static final String[] NAMES = {
            "Máquina B-34 ñ", "Ambulancia de soporte vital básico", "Unidad 🚒 🚑 Ñandú", "وحدة الإطفاء ٣٤", "יחידה 7 — Ölçü"};

    @Test
    void unitsNamedInAnyScriptSurviveTheEidoAndBothEvidencePackages() throws Exception {
        Fire fire = fire("1700001341.1");
        JsonArray units = new JsonArray();
        for (int i = 0; i < NAMES.length; i++) {
            units.add(unit("u" + i, NAMES[i], "Ambulance"));
        }
        // The free-text kind of unit (the registry text is ASCII by the schema) in Spanish, as agencies write it.
        units.add(unit("u-text", "Ambulancia 9", "Ambulance").put("emergencyResourceTypeInternalText", "Ambulancia de soporte vital básico"));
        HttpResponse<String> r = report(fire.incident(), units);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        String eido = console.login("disp.miraflores").get("/api/incidents/" + fire.incident() + "/eido").body();
        for (String name : NAMES) {
            assertThat(eido).contains(name);
        }

        for (String path : new String[] {"/api/incidents/" + fire.incident() + "/evidence", "/api/calls/" + fire.call() + "/evidence"}) {
            HttpResponse<byte[]> zip = download(path);
            assertThat(zip.statusCode()).as(path + ": " + new String(zip.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(EvidenceVerifier.verify(zip.body(), key)).as(path).isInstanceOf(EvidenceVerifier.Verdict.Intact.class);
            String packed = unzipped(zip.body()).get("eido.json");
            for (String name : NAMES) {
                assertThat(packed).as(path).contains(name);
            }
        }
    }

    @Test
    void aUnitNameOfTwoThousandCharactersAnUnregisteredKindLatin1OrHalfACharacterIsABadRequestAndNothingIsStored() throws Exception {
        Fire fire = fire("1700001342.1");
        String longName = "Ambulancia de soporte vital básico ".repeat(58).substring(0, 2_000);
        for (JsonObject bad : new JsonObject[] {
                unit("long", longName, "Ambulance"),
                unit("kind", "Ambulancia 3", "Ambulancia de soporte vital básico"),
                unit("emoji", "B-1", "🚒"),
                unit("null", "B-\u0000-1", "Engine")}) {
            HttpResponse<String> r = report(fire.incident(), new JsonArray().add(bad));
            assertThat(r.statusCode()).as(bad.getString("$id") + ": " + r.body()).isBetween(400, 499);
        }
        // The name in Latin-1, as an old CAD might send it: refused, never stored with replacement characters.
        HttpResponse<String> pulled = agency("GET", "/api/agency/incidents/" + fire.incident() + "/eido", null);
        String id = "urn:uuid:" + UUID.randomUUID();
        String latin1 = new JsonObject(pulled.body()).put("eidoMessageIdentifier", id).put("$id", id)
                .put("emergencyResourceComponent", new JsonArray().add(unit("latin1", "Máquina B-34 ñ", "Engine"))).encode();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(console.base() + "/api/agency/incidents/" + fire.incident() + "/eido"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1.getBytes(StandardCharsets.ISO_8859_1)))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bomberos).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("UTF-8");
        // Half an emoji, written as a JSON escape (backslash, u, d83d) with no low half after it.
        HttpResponse<String> half = report(fire.incident(), new JsonArray().add(unit("half", "Unidad HALF", "Engine")),
                json -> json.replace("HALF", "\\ud83d"));
        assertThat(half.statusCode()).as(half.body()).isEqualTo(400);
        assertThat(half.body()).contains("/emergencyResourceComponent/0/emergencyResourceName").contains("surrogate");

        assertThat(console.count("SELECT count(*) FROM incident_unit WHERE incident_id = ?", fire.incident())).isZero();
        HttpResponse<byte[]> zip = download("/api/incidents/" + fire.incident() + "/evidence");
        assertThat(zip.statusCode()).isEqualTo(200);
    }
}
