package pe.centralunica.console.desk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Working an incident beyond its fields: an append-only narrative, close and reopen with a reason, finding it again
 * by the caller's number; and a supervisor removing a wrong prank mark, audited, so it no longer counts.
 */
class IncidentWorkApiTest {

    private static ConsoleNode console;
    private static ConsoleNode.Client dispatcher;
    private static ConsoleNode.Client supervisor;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
        dispatcher = console.login("disp.miraflores");
        supervisor = console.login("supervisor");
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    @Test
    void theNarrativeKeepsWhoWroteWhatWhenAndCannotBeRewritten() throws Exception {
        long incident = console.incidentOf(console.insertCall("1700000401.1", "987400401", "CRIME", "150122", "NORMAL", "ANSWERED"));
        String notes = "/api/incidents/" + incident + "/notes";
        assertThat(dispatcher.post(notes, new JsonObject().put("text", "Unidad S-12 en camino")).statusCode()).isEqualTo(201);
        assertThat(dispatcher.post(notes, new JsonObject().put("text", "Sospechoso huyó hacia Av. Arequipa")).statusCode()).isEqualTo(201);
        assertThat(dispatcher.post(notes, new JsonObject().put("text", "   ")).statusCode()).isEqualTo(400);

        JsonArray log = new JsonArray(dispatcher.get(notes).body());
        assertThat(log).hasSize(2);
        assertThat(log.getJsonObject(0).getString("text")).isEqualTo("Unidad S-12 en camino");
        assertThat(log.getJsonObject(0).getString("author")).isEqualTo("disp.miraflores");
        assertThat(log.getJsonObject(0).getString("at")).isLessThanOrEqualTo(log.getJsonObject(1).getString("at"));

        assertThat(console.count("SELECT count(*) FROM audit_log WHERE entity = 'incident_note' AND actor = 'disp.miraflores'"
                + " AND after->>'text' = 'Unidad S-12 en camino'")).isEqualTo(1);
        // Append-only in the schema itself, not only in the API.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> console.count(
                "WITH x AS (UPDATE incident_note SET text = 'otra cosa' WHERE incident_id = ? RETURNING 1) SELECT count(*) FROM x", incident))
                .hasStackTraceContaining("append-only");

        // Another district's dispatcher cannot read or write it (not even learn that it exists).
        ConsoleNode.Client sjl = console.login("disp.sjl");
        assertThat(sjl.get(notes).statusCode()).isEqualTo(404);
        assertThat(sjl.post(notes, new JsonObject().put("text", "x")).statusCode()).isEqualTo(404);
    }

    @Test
    void anIncidentIsClosedAndReopenedWithAReasonAndFoundAgainByThePhoneNumber() throws Exception {
        UUID call = console.insertCall("1700000402.1", "987400402", "FIRE", "150122", "NORMAL", "ANSWERED");
        long incident = console.incidentOf(call);
        String base = "/api/incidents/" + incident;

        assertThat(dispatcher.post(base + "/close", new JsonObject()).statusCode()).as("no reason, no closing").isEqualTo(400);
        HttpResponse<String> closed = dispatcher.post(base + "/close", new JsonObject().put("reason", "Fuego controlado por bomberos"));
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(new JsonObject(closed.body()).getString("status")).isEqualTo("CLOSED");
        assertThat(dispatcher.post(base + "/close", new JsonObject().put("reason", "otra vez")).statusCode()).isEqualTo(409);

        JsonArray found = new JsonArray(dispatcher.get("/api/incident-search?phone=987%20400%20402").body());
        assertThat(found.stream().map(o -> ((JsonObject) o).getLong("id"))).containsExactly(incident);

        HttpResponse<String> reopened = dispatcher.post(base + "/reopen", new JsonObject().put("reason", "Rebrote en el 3er piso"));
        assertThat(new JsonObject(reopened.body()).getString("status")).isEqualTo("NEW");
        JsonArray log = new JsonArray(dispatcher.get(base + "/notes").body());
        assertThat(log.stream().map(o -> ((JsonObject) o).getString("kind") + ": " + ((JsonObject) o).getString("text")))
                .containsExactly("CLOSED: Fuego controlado por bomberos", "REOPENED: Rebrote en el 3er piso");
        assertThat(dispatcher.get("/api/incident-search?phone=abc").statusCode()).isEqualTo(400);
    }

    @Test
    void aSupervisorRemovesAWrongPrankMarkWithAReasonAndItStopsCounting() throws Exception {
        UUID first = console.insertCall("1700000403.1", "987400403", "MEDICAL", "150122", "NORMAL", "ANSWERED");
        UUID second = console.insertCall("1700000404.1", "987400403", "MEDICAL", "150122", "NORMAL", "ANSWERED");
        assertThat(dispatcher.post("/api/calls/" + first + "/prank", new JsonObject()).statusCode()).isEqualTo(200);
        assertThat(dispatcher.post("/api/calls/" + second + "/prank", new JsonObject()).statusCode()).isEqualTo(200);

        assertThat(dispatcher.get("/api/prank-marks?caller=987400403").statusCode()).as("supervisors only").isEqualTo(403);
        JsonObject marks = new JsonObject(supervisor.get("/api/prank-marks?caller=987400403").body());
        assertThat(marks.getJsonArray("marks")).hasSize(2);
        JsonObject mark = marks.getJsonArray("marks").getJsonObject(0);
        assertThat(mark.getBoolean("counting")).isTrue();
        assertThat(mark.getString("expiresAt")).as("marks expire").isNotNull();

        long id = mark.getLong("id");
        assertThat(supervisor.post("/api/prank-marks/" + id + "/remove", new JsonObject()).statusCode()).isEqualTo(400);
        HttpResponse<String> removed = supervisor.post("/api/prank-marks/" + id + "/remove",
                new JsonObject().put("reason", "Emergencia real confirmada por SAMU"));
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);

        assertThat(console.count("SELECT count(*) FROM caller_mark WHERE caller_number = '987400403'"))
                .as("what the IVR counts").isEqualTo(1);
        assertThat(console.count("SELECT count(*) FROM caller_mark_removed WHERE id = ? AND removed_by = 'supervisor'"
                + " AND reason = 'Emergencia real confirmada por SAMU'", id)).isEqualTo(1);
        assertThat(console.count("SELECT count(*) FROM audit_log WHERE entity = 'caller_mark' AND entity_id = ? AND action = 'DELETE'"
                + " AND actor = 'supervisor' AND after->>'reason' = 'Emergencia real confirmada por SAMU'", Long.toString(id))).isEqualTo(1);
        JsonObject after = new JsonObject(supervisor.get("/api/prank-marks?caller=987400403").body());
        assertThat(after.getJsonArray("removed")).hasSize(1);
        assertThat(supervisor.post("/api/prank-marks/" + id + "/remove", new JsonObject().put("reason", "x")).statusCode()).isEqualTo(404);
    }
}
