package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.console.desk.ConsoleNode;
import pe.centralunica.exchange.eido.EidoSchema;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agencies report their units (EIDO emergencyResourceComponent): stored per incident, shown to the console and in
 * every EIDO after, never overwritten by a stale report or by another agency; a re-delivery changes nothing.
 */
class AgencyUnitsTest {

    private static ConsoleNode console;
    private static ConsoleNode.Client admin;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final EidoSchema schema = new EidoSchema();
    /** San Juan de Lurigancho robbery: the police's. */
    private static long robbery;
    private static String bomberos;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
        admin = console.login("admin");
        UUID b = console.insertCall("1700001339.1", "987001339", "CRIME", "150132", "NORMAL", "ANSWERED");
        robbery = console.incidentOf(b);
        event(b, 1, "TARGET_TRIED", new JsonObject().put("step", "0").put("target", "Q-PNP"));
        bomberos = token("CGBVP");
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    /** A Miraflores fire: routed to its Serenazgo, transferred to the firefighters (CGBVP). */
    private static long fire(String uniqueid) {
        UUID a = console.insertCall(uniqueid, "98700" + uniqueid.substring(6, 10), "FIRE", "150122", "NORMAL", "TRANSFERRED");
        event(a, 1, "TARGET_TRIED", new JsonObject().put("step", "0").put("target", "Q-SER-150122"));
        event(a, 2, "TRANSFERRED", new JsonObject().put("to", "Q-CGBVP").put("by", "disp.miraflores"));
        return console.incidentOf(a);
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
        return http.send(HttpRequest.newBuilder(URI.create(console.base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The incident's EIDO as the agency pulls it, as a new message of the agency's (same content). */
    private static JsonObject pulled(long incident, String bearer) throws Exception {
        HttpResponse<String> r = call("GET", "/api/agency/incidents/" + incident + "/eido", bearer, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject eido = new JsonObject(r.body());
        String id = "urn:uuid:" + UUID.randomUUID();
        return eido.put("eidoMessageIdentifier", id).put("$id", id);
    }

    private static JsonObject unit(String id, String name, String type, String status, Instant at) {
        return new JsonObject().put("$id", id).put("componentIdentifier", id).put("lastUpdateTimeStamp", at.toString())
                .put("updatedByAgencyReference", new JsonObject().put("$ref", "agency-CGBVP"))
                .put("emergencyResourceTypeCommonRegistryText", type).put("emergencyResourceName", name)
                .put("primaryUnitStatusRegistryText", status);
    }

    private static HttpResponse<String> push(long incident, String bearer, JsonObject eido) throws Exception {
        return call("POST", "/api/agency/incidents/" + incident + "/eido", bearer, eido.encode());
    }

    private static JsonObject unitIn(JsonObject eido, String id) {
        return eido.getJsonArray("emergencyResourceComponent", new JsonArray()).stream().map(o -> (JsonObject) o)
                .filter(u -> u.getString("$id").equals(id)).findFirst().orElse(null);
    }

    @Test
    void reportedUnitsComeBackInEveryEidoAndOnTheConsoleAndAReDeliveryChangesNothing() throws Exception {
        long fire = fire("1700001331.1");
        Instant dispatched = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);
        JsonObject eido = pulled(fire, bomberos);
        eido.put("emergencyResourceComponent", new JsonArray()
                .add(unit("cgbvp-b34", "Máquina B-34", "Engine", "Dispatched", dispatched)
                        .put("unitDispatchedTimeStamp", dispatched.toString()))
                .add(unit("cgbvp-amb-2", "Ambulancia 2", "Ambulance", "Enroute", dispatched.plusSeconds(30))));
        HttpResponse<String> first = push(fire, bomberos, eido);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(new JsonObject(first.body()).getInteger("unitsAdded")).isEqualTo(2);

        HttpResponse<String> again = push(fire, bomberos, eido);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(new JsonObject(again.body()).getInteger("unitsAdded")).as("re-delivered: nothing twice").isZero();
        assertThat(new JsonObject(again.body()).getInteger("unitsUpdated")).isZero();
        assertThat(console.count("SELECT count(*) FROM incident_unit WHERE incident_id = ?", fire)).isEqualTo(2);

        // Round trip: the dispatcher's export (validated here independently) carries the units, owned by CGBVP.
        var dispatcher = console.login("disp.miraflores");
        String exported = dispatcher.get("/api/incidents/" + fire + "/eido").body();
        assertThat(schema.problems(JsonMapper.builder().build().readTree(exported))).isEmpty();
        JsonObject b34 = unitIn(new JsonObject(exported), "unit-CGBVP-cgbvp-b34");
        assertThat(b34).isNotNull();
        assertThat(b34.getString("primaryUnitStatusRegistryText")).isEqualTo("Dispatched");
        assertThat(b34.getString("unitDispatchedTimeStamp")).isEqualTo(dispatched.toString());
        assertThat(b34.getJsonObject("updatedByAgencyReference").getString("$ref")).isEqualTo("agency-CGBVP");
        assertThat(unitIn(new JsonObject(exported), "unit-CGBVP-cgbvp-amb-2").getString("unitEnrouteTimeStamp"))
                .as("the time of a status not given is the report's").isEqualTo(dispatched.plusSeconds(30).toString());

        // The console's incident shows them.
        JsonArray units = new JsonObject(dispatcher.get("/api/incidents/" + fire).body()).getJsonArray("units");
        assertThat(units.stream().map(u -> ((JsonObject) u).getString("name"))).containsExactly("Máquina B-34", "Ambulancia 2");
        assertThat(units.getJsonObject(0).getString("status")).isEqualTo("DISPATCHED");
        assertThat(units.getJsonObject(0).getString("agency")).isEqualTo("CGBVP");

        // The agency edits the unit in the EIDO it pulled (our id for it) and sends it back: the same unit moves on.
        JsonObject back = pulled(fire, bomberos);
        Instant onScene = dispatched.plusSeconds(400);
        unitIn(back, "unit-CGBVP-cgbvp-b34").put("primaryUnitStatusRegistryText", "OnScene").put("lastUpdateTimeStamp", onScene.toString());
        HttpResponse<String> moved = push(fire, bomberos, back);
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(new JsonObject(moved.body()).getInteger("unitsUpdated")).isEqualTo(1);
        assertThat(new JsonObject(moved.body()).getInteger("unitsAdded")).isZero();
        JsonObject after = unitIn(pulled(fire, bomberos), "unit-CGBVP-cgbvp-b34");
        assertThat(after.getString("primaryUnitStatusRegistryText")).isEqualTo("OnScene");
        assertThat(after.getString("unitOnSceneTimeStamp")).isEqualTo(onScene.toString());
        assertThat(after.getString("unitDispatchedTimeStamp")).as("earlier times kept").isEqualTo(dispatched.toString());
        assertThat(console.count("SELECT count(*) FROM incident_unit WHERE incident_id = ?", fire)).isEqualTo(2);
        assertThat(console.count("SELECT count(*) FROM audit_log WHERE entity = 'incident_unit' AND actor = 'agency:CGBVP'"
                + " AND entity_id LIKE ?", fire + "/%")).as("two added, one moved").isEqualTo(3);
    }

    @Test
    void aStaleUnitStatusIsAConflictInTheNarrativeNeverAnOverwrite() throws Exception {
        long fire = fire("1700001332.1");
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        JsonObject onScene = pulled(fire, bomberos);
        onScene.put("emergencyResourceComponent", new JsonArray().add(unit("cgbvp-b12", "Máquina B-12", "Engine", "OnScene", t)));
        assertThat(push(fire, bomberos, onScene).statusCode()).isEqualTo(200);

        // An older report (en route) arrives after the newer one.
        JsonObject stale = pulled(fire, bomberos);
        stale.remove("emergencyResourceComponent");
        stale.put("emergencyResourceComponent", new JsonArray().add(unit("cgbvp-b12", "Máquina B-12", "Engine", "Enroute", t.minusSeconds(50))));
        HttpResponse<String> r = push(fire, bomberos, stale);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        JsonObject conflict = new JsonObject(r.body()).getJsonArray("conflicts").getJsonObject(0);
        assertThat(conflict.getString("field")).isEqualTo("unit");
        assertThat(conflict.getString("unit")).isEqualTo("unit-CGBVP-cgbvp-b12");
        assertThat(conflict.getString("ours")).isEqualTo("ON_SCENE");
        assertThat(conflict.getString("theirs")).isEqualTo("EN_ROUTE");
        assertThat(console.count("SELECT count(*) FROM incident_unit WHERE incident_id = ? AND component_id = 'cgbvp-b12' AND status = 'ON_SCENE'",
                fire)).isEqualTo(1);
        assertThat(console.count("SELECT count(*) FROM incident_note WHERE incident_id = ? AND text LIKE 'Conflicto:%Máquina B-12%'", fire))
                .as("the dispatcher sees the conflict in the narrative").isEqualTo(1);
    }

    @Test
    void anAgencyCannotReportUnitsOnAnotherAgencysIncidentNorChangeAnotherAgencysUnit() throws Exception {
        long fire = fire("1700001333.1");
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(30);
        // The firefighters try to put a unit on the police's incident (they do not see it): 404, nothing stored.
        JsonObject theirs = pulled(fire, bomberos);
        String tracking = "urn:centralunica:lima:incident:";
        JsonObject onRobbery = new JsonObject(theirs.encode().replace(tracking + fire + "\"", tracking + robbery + "\""));
        onRobbery.put("emergencyResourceComponent", new JsonArray().add(unit("cgbvp-b99", "Máquina B-99", "Engine", "Dispatched", t)));
        assertThat(push(robbery, bomberos, onRobbery).statusCode()).isEqualTo(404);
        assertThat(console.count("SELECT count(*) FROM incident_unit WHERE incident_id = ?", robbery)).isZero();

        // The metropolitan centre sees every incident, but the firefighters' unit is theirs to report on.
        JsonObject mine = pulled(fire, bomberos);
        mine.put("emergencyResourceComponent", new JsonArray().add(unit("cgbvp-b7", "Máquina B-7", "Engine", "Enroute", t)));
        assertThat(push(fire, bomberos, mine).statusCode()).isEqualTo(200);
        String metro = token("CIC-SC");
        JsonObject echo = pulled(fire, metro);
        assertThat(push(fire, metro, echo).statusCode()).as("echoed unchanged: nothing to say").isEqualTo(200);
        unitIn(echo, "unit-CGBVP-cgbvp-b7").put("primaryUnitStatusRegistryText", "Cleared").put("lastUpdateTimeStamp", t.plusSeconds(20).toString());
        HttpResponse<String> r = push(fire, metro, echo);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(new JsonObject(r.body()).getJsonArray("conflicts").getJsonObject(0).getString("reason")).contains("belongs to CGBVP");
        assertThat(console.count("SELECT count(*) FROM incident_unit WHERE incident_id = ? AND component_id = 'cgbvp-b7' AND status = 'EN_ROUTE'"
                + " AND agency_code = 'CGBVP'", fire)).isEqualTo(1);
        assertThat(console.count("SELECT count(*) FROM incident_unit WHERE agency_code = 'CIC-SC'")).isZero();
    }
}
