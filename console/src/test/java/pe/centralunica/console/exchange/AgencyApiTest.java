package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.console.desk.ConsoleNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agencies with their own API tokens: each sees only its incidents, route by route; revoked or absent tokens and
 * staff sessions get nothing; pushed EIDO adds notes once and never overwrites a newer state.
 */
class AgencyApiTest {

    private static ConsoleNode console;
    private static ConsoleNode.Client admin;
    private static final HttpClient http = HttpClient.newHttpClient();
    /** Miraflores: routed to its Serenazgo, transferred to the firefighters. */
    private static long miraflores;
    /** San Juan de Lurigancho: routed to the police only. */
    private static long sjl;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
        admin = console.login("admin");
        UUID a = console.insertCall("1700001311.1", "987001311", "FIRE", "150122", "NORMAL", "TRANSFERRED");
        UUID b = console.insertCall("1700001312.1", "987001312", "CRIME", "150132", "NORMAL", "ANSWERED");
        miraflores = console.incidentOf(a);
        sjl = console.incidentOf(b);
        event(a, 1, "TARGET_TRIED", new JsonObject().put("step", "0").put("target", "Q-SER-150122"));
        event(a, 2, "TRANSFERRED", new JsonObject().put("to", "Q-CGBVP").put("by", "disp.miraflores"));
        event(b, 1, "TARGET_TRIED", new JsonObject().put("step", "0").put("target", "Q-PNP"));
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    private static void event(UUID call, int seq, String type, JsonObject data) {
        console.jdbc.tx("test event", tx -> tx.update("INSERT INTO call_event (event_id, call_id, seq, at, type, data)"
                + " VALUES (gen_random_uuid(), ?, ?, now(), ?, ?::jsonb)", call, seq, type, data.encode()));
    }

    private static String token(String agency) throws Exception {
        HttpResponse<String> r = admin.post("/api/admin/agencies/" + agency + "/tokens", new JsonObject().put("label", agency + " CAD"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("token");
    }

    private static HttpResponse<String> call(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Long> incidents(String bearer) throws Exception {
        HttpResponse<String> r = call("GET", "/api/agency/incidents", bearer, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonArray(r.body()).stream().map(o -> ((JsonObject) o).getLong("id")).toList();
    }

    @Test
    void eachAgencySeesOnlyItsIncidentsOnEveryAgencyRoute() throws Exception {
        String bomberos = token("CGBVP");
        String police = token("PNP");
        String serenazgo = token("SER-150122");
        String metro = token("CIC-SC");

        assertThat(incidents(bomberos)).containsExactly(miraflores);
        assertThat(incidents(serenazgo)).containsExactly(miraflores);
        assertThat(incidents(police)).containsExactly(sjl);
        assertThat(incidents(metro)).containsExactlyInAnyOrder(miraflores, sjl);

        String pulled = call("GET", "/api/agency/incidents/" + miraflores + "/eido", bomberos, null).body();
        assertThat(new JsonObject(pulled).getJsonArray("incidentComponent")).hasSize(1);
        assertThat(call("GET", "/api/agency/incidents/" + sjl + "/eido", bomberos, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/agency/incidents/" + miraflores + "/eido", police, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/agency/incidents/" + sjl + "/eido", police, null).statusCode()).isEqualTo(200);
        // A push to another agency's incident is refused before anything is read from it.
        String forSjl = pulled.replace(":incident:" + miraflores + "\"", ":incident:" + sjl + "\"");
        assertThat(call("POST", "/api/agency/incidents/" + sjl + "/eido", bomberos, forSjl).statusCode()).isEqualTo(404);
    }

    @Test
    void missingUnknownRevokedTokensAndStaffSessionsAreRefusedOnEveryAgencyRoute() throws Exception {
        String bomberos = token("CGBVP");
        long id = new JsonArray(admin.get("/api/admin/agency-tokens").body()).stream()
                .map(o -> (JsonObject) o).filter(t -> t.getString("agency").equals("CGBVP")).mapToLong(t -> t.getLong("id")).max().orElseThrow();
        assertThat(admin.post("/api/admin/agency-tokens/" + id + "/revoke", new JsonObject()).statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/admin/agency-tokens").body()).doesNotContain(bomberos).doesNotContain("token_hash");

        String body = "{}";
        List<String[]> routes = List.of(new String[]{"GET", "/api/agency/incidents"},
                new String[]{"GET", "/api/agency/incidents/" + miraflores + "/eido"},
                new String[]{"POST", "/api/agency/incidents/" + miraflores + "/eido"});
        for (String[] route : routes) {
            for (String bearer : new String[]{null, "cuat_made-up", bomberos}) {
                HttpResponse<String> r = call(route[0], route[1], bearer, route[0].equals("POST") ? body : null);
                assertThat(r.statusCode()).as(route[0] + " " + route[1] + " with " + bearer).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
            }
            // A dispatcher's signed-in session is not an agency credential.
            HttpResponse<String> staff = console.login("disp.miraflores").send(route[0], route[1], new JsonObject());
            assertThat(staff.statusCode()).as("session on " + route[1]).isEqualTo(401);
        }
        // And an agency token is no staff session.
        String live = token("CGBVP");
        assertThat(call("GET", "/api/incidents/" + miraflores + "/eido", live, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/incidents/" + miraflores, live, null).statusCode()).isEqualTo(401);

        assertThat(console.count("SELECT count(*) FROM audit_log WHERE entity = 'agency_token' AND action = 'CREATE' AND actor = 'admin'"))
                .isGreaterThanOrEqualTo(2);
        assertThat(console.count("SELECT count(*) FROM audit_log WHERE entity = 'agency_token' AND action = 'DELETE' AND entity_id = ?",
                Long.toString(id))).isEqualTo(1);
        assertThat(console.count("SELECT count(*) FROM audit_log WHERE entity = 'agency_token' AND action = 'LOGIN_FAILED'"))
                .as("refused tokens are audited").isGreaterThanOrEqualTo(6);
        assertThat(console.count("SELECT count(*) FROM agency_token WHERE token_hash = ?", AgencyTokens.hash(live)))
                .as("kept hashed").isEqualTo(1);
        assertThat(console.count("SELECT count(*) FROM agency_token WHERE token_hash = ? OR label = ?", live, live)).isZero();
    }

    @Test
    void pushedNotesArriveOnceAndAStaleStatusChangeIsAConflictNeverAnOverwrite() throws Exception {
        String bomberos = token("CGBVP");
        String path = "/api/agency/incidents/" + miraflores + "/eido";
        JsonObject eido = new JsonObject(call("GET", path, bomberos, null).body());
        eido.put("eidoMessageIdentifier", "urn:uuid:" + UUID.randomUUID()).put("$id", eido.getString("eidoMessageIdentifier"));
        eido.getJsonArray("incidentComponent").getJsonObject(0).put("incidentStatusCommonRegistryText", new JsonArray().add("Dispatched"));
        String ts = eido.getString("lastUpdateTimeStamp");
        eido.put("personComponent", eido.getJsonArray("personComponent", new JsonArray()).copy().add(new JsonObject()
                .put("$id", "cgbvp-op-7").put("componentIdentifier", "cgbvp-op-7").put("lastUpdateTimeStamp", ts)
                .put("personIdentifier", "urn:cgbvp:operator:7").put("personRoleRegistryText", new JsonArray().add("Telecommunicator"))));
        eido.put("notesComponent", new JsonArray().add(new JsonObject().put("$id", "cgbvp-note-1").put("componentIdentifier", "cgbvp-note-1")
                .put("lastUpdateTimeStamp", ts).put("noteDateTimeStamp", ts).put("noteText", "Máquina B-34 sale de la compañía 28")
                .put("authorReference", new JsonObject().put("$ref", "cgbvp-op-7"))));

        HttpResponse<String> first = call("POST", path, bomberos, eido.encode());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(new JsonObject(first.body()).getInteger("notesAdded")).isEqualTo(1);
        assertThat(new JsonObject(first.body()).getString("status")).isEqualTo("DISPATCHED");
        HttpResponse<String> again = call("POST", path, bomberos, eido.encode());
        assertThat(new JsonObject(again.body()).getInteger("notesAdded")).as("re-sent: nothing twice").isZero();
        assertThat(console.count("SELECT count(*) FROM incident_note WHERE incident_id = ? AND author = 'agency:CGBVP'"
                + " AND text = 'Máquina B-34 sale de la compañía 28'", miraflores)).isEqualTo(1);

        // The dispatcher moves on; the agency, still holding its old copy, proposes closing.
        HttpResponse<String> onScene = console.login("disp.miraflores").patch("/api/incidents/" + miraflores,
                new JsonObject().put("status", "ON_SCENE"));
        assertThat(onScene.statusCode()).as(onScene.body()).isEqualTo(200);
        eido.getJsonArray("incidentComponent").getJsonObject(0).put("incidentStatusCommonRegistryText", new JsonArray().add("Closed"));
        HttpResponse<String> stale = call("POST", path, bomberos, eido.encode());
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
        JsonObject conflict = new JsonObject(stale.body()).getJsonArray("conflicts").getJsonObject(0);
        assertThat(conflict.getString("ours")).isEqualTo("ON_SCENE");
        assertThat(conflict.getString("theirs")).isEqualTo("CLOSED");
        assertThat(console.count("SELECT count(*) FROM incident WHERE id = ? AND status = 'ON_SCENE'", miraflores)).isEqualTo(1);
        assertThat(console.count("SELECT count(*) FROM incident_note WHERE incident_id = ? AND text LIKE 'Conflicto:%'", miraflores))
                .as("the dispatcher sees the conflict in the narrative").isEqualTo(1);

        JsonObject broken = eido.copy();
        broken.getJsonArray("notesComponent").getJsonObject(0).put("authorReference", new JsonObject().put("$ref", "nobody"));
        assertThat(call("POST", path, bomberos, broken.encode()).statusCode()).isEqualTo(400);
        assertThat(call("POST", path, bomberos, "not json").statusCode()).isEqualTo(400);
    }
}
