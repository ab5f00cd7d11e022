package pe.centralunica.console.desk;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a 4xx JSON answer naming the field and why; nothing is saved when anything is invalid. */
class InputValidationTest {

    private static ConsoleNode console;
    private static ConsoleNode.Client supervisor;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
        supervisor = console.login("supervisor");
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    private static JsonObject json(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return new JsonObject(r.body());
    }

    @Test
    void everyBadFieldIsNamedAtOnceAndNothingIsSaved() throws Exception {
        UUID call = console.insertCall("1700000100.1", "900000100", "FIRE", "150122", "NORMAL", "ANSWERED");
        String path = "/api/incidents/" + console.incidentOf(call);
        String before = supervisor.get(path).body();
        long audit = console.count("SELECT count(*) FROM audit_log");

        HttpResponse<String> r = supervisor.patch(path, new JsonObject().put("latitude", "abc").put("priority", 9)
                .put("notes", "valid notes").put("district", 150122).put("flavour", "x"));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject fields = json(r).getJsonObject("fields");
        assertThat(fields.fieldNames()).containsExactlyInAnyOrder("latitude", "priority", "district", "flavour");
        assertThat(fields.getString("latitude")).contains("number between -90 and 90");
        assertThat(fields.getString("priority")).contains("1 (most urgent) to 5");

        HttpResponse<String> unknown = supervisor.patch(path, new JsonObject().put("type", "ALIENS").put("district", "999999"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).getJsonObject("fields").fieldNames()).containsExactlyInAnyOrder("type", "district");

        assertThat(supervisor.get(path).body()).isEqualTo(before);
        assertThat(console.count("SELECT count(*) FROM audit_log")).isEqualTo(audit);
    }

    @Test
    void anEmptyIncidentIsRefusedAndAValidOneIsCreated() throws Exception {
        long incidents = console.count("SELECT count(*) FROM incident");
        HttpResponse<String> empty = supervisor.post("/api/incidents", new JsonObject());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty).getJsonObject("fields").getString("type")).contains("required");
        HttpResponse<String> bad = supervisor.post("/api/incidents", new JsonObject().put("type", "FIRE").put("longitude", 200)
                .put("address", "x".repeat(301)));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).getJsonObject("fields").fieldNames()).containsExactlyInAnyOrder("longitude", "address");
        assertThat(console.count("SELECT count(*) FROM incident")).isEqualTo(incidents);

        HttpResponse<String> ok = supervisor.post("/api/incidents", new JsonObject().put("type", "FIRE").put("district", "150122")
                .put("latitude", -12.12).put("longitude", -77.03).put("address", "Av. Larco 400"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(console.count("SELECT count(*) FROM incident")).isEqualTo(incidents + 1);
    }

    @Test
    void aWrongMethodIs405WithTheAllowedOnes() throws Exception {
        HttpResponse<String> r = supervisor.send("DELETE", "/api/incidents/1", null);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET").contains("PATCH"));
        assertThat(json(r).getString("message")).contains("DELETE is not allowed");
        assertThat(console.client().send("PUT", "/api/login", new JsonObject(), false).statusCode()).isEqualTo(405);
        assertThat(supervisor.get("/api/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void malformedJsonAndNonObjectsGetACleanMessage() throws Exception {
        String path = "/api/incidents";
        HttpResponse<String> broken = supervisor.sendText("POST", path, "{\"type\": \"FIRE\",\n \"notes\": ");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken).getString("message")).contains("not valid JSON").contains("line 2")
                .doesNotContain("StreamReadFeature").doesNotContain("Jackson").doesNotContain("Source");
        for (String notAnObject : new String[]{"[{\"type\":\"FIRE\"}]", "\"FIRE\"", "42", "null", "true"}) {
            HttpResponse<String> r = supervisor.sendText("POST", path, notAnObject);
            assertThat(r.statusCode()).as(notAnObject).isEqualTo(400);
            assertThat(json(r).getString("message")).as(notAnObject).contains("send a JSON object").doesNotContain("Failed to decode");
        }
    }

    @Test
    void oversizedBodiesLongUrisAndHugeHeadersGetJsonErrors() throws Exception {
        HttpResponse<String> big = supervisor.sendText("POST", "/api/incidents", "{\"notes\":\"" + "x".repeat(400_000) + "\"}");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(json(big).getString("message")).contains("too large");

        HttpClient plain = HttpClient.newHttpClient();
        HttpResponse<String> longUri = plain.send(HttpRequest.newBuilder(URI.create(console.base() + "/api/incidents?q="
                + "a".repeat(20_000))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(longUri.statusCode()).isEqualTo(414);
        assertThat(json(longUri).getString("message")).contains("URI is too long");

        HttpResponse<String> hugeHeader = plain.send(HttpRequest.newBuilder(URI.create(console.base() + "/api/districts"))
                .header("X-Padding", "p".repeat(40_000)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hugeHeader.statusCode()).isEqualTo(431);
        assertThat(json(hugeHeader).getInteger("status")).isEqualTo(431);
        assertThat(console.count("SELECT count(*) FROM incident WHERE length(notes) > 1000")).isZero();
    }
}
