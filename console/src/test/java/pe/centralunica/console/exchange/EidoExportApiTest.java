package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.console.desk.ConsoleNode;
import pe.centralunica.exchange.eido.EidoSchema;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The EIDO of a real incident in PostgreSQL, through the API, validated against the schema kept in the repo. */
class EidoExportApiTest {

    private static ConsoleNode console;
    private static ConsoleNode.Client dispatcher;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
        dispatcher = console.login("disp.miraflores");
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    @Test
    void incidentWithSeveralCallsATransferAndAPanicButtonExportsAsValidEido() throws Exception {
        UUID first = console.insertCall("1700001301.1", "987001301", "FIRE", "150122", "NORMAL", "TRANSFERRED");
        long incident = console.incidentOf(first);
        UUID second = UUID.randomUUID();
        UUID panic = UUID.randomUUID();
        console.jdbc.tx("test incident", tx -> {
            tx.update("UPDATE incident SET address = 'Av. Larco 345', latitude = -12.121, longitude = -77.03 WHERE id = ?", incident);
            tx.update("INSERT INTO panic_button (device_id, caller_id, latitude, longitude, address, district_ubigeo)"
                    + " VALUES ('PB-TEST-13', '5101313', ?, ?, 'Parque Kennedy, poste 4', '150122')",
                    new BigDecimal("-12.119500"), new BigDecimal("-77.029800"));
            tx.update("INSERT INTO call (id, asterisk_uniqueid, caller_number, caller_class, incident_id, outcome, arrived_at,"
                    + " answered_at, ended_at, answered_by, language) VALUES (?, '1700001302.1', '912001302', 'NORMAL', ?, 'ANSWERED',"
                    + " now(), now(), now(), 'disp-150122-01', 'qu')", second, incident);
            tx.update("INSERT INTO call (id, asterisk_uniqueid, caller_number, caller_class, panic_device_id, incident_id, outcome,"
                    + " arrived_at, ended_at) VALUES (?, '1700001303.1', '5101313', 'PANIC', 'PB-TEST-13', ?, 'ABANDONED', now(), now())",
                    panic, incident);
            tx.update("INSERT INTO call_event (event_id, call_id, seq, at, type, data) VALUES (gen_random_uuid(), ?, 1, now(),"
                    + " 'TARGET_TRIED', '{\"step\":\"0\",\"target\":\"Q-SER-150122\",\"kind\":\"QUEUE\"}'::jsonb)", first);
            tx.update("INSERT INTO call_event (event_id, call_id, seq, at, type, data) VALUES (gen_random_uuid(), ?, 2, now(),"
                    + " 'TRANSFERRED', '{\"to\":\"Q-CGBVP\",\"by\":\"disp.miraflores\",\"incidentId\":\"1\"}'::jsonb)", first);
            return null;
        });
        dispatcher.post("/api/incidents/" + incident + "/notes", new JsonObject().put("text", "Humo negro en el tercer piso"));

        HttpResponse<String> response = dispatcher.get("/api/incidents/" + incident + "/eido");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // Validated again here, independently of the server's own check.
        assertThat(new EidoSchema().problems(JsonMapper.builder().build().readTree(response.body()))).isEmpty();

        JsonObject eido = new JsonObject(response.body());
        JsonArray calls = eido.getJsonArray("callComponent");
        assertThat(calls).hasSize(3);
        assertThat(calls.stream().map(c -> ((JsonObject) c).getString("callTypeDescriptionRegistryText")))
                .containsExactlyInAnyOrder("Voice", "Voice", "PanicButton");
        assertThat(calls.stream().map(c -> ((JsonObject) c).getString("callTransferTargetText"))).contains("Q-CGBVP");
        assertThat(eido.getJsonArray("agencyComponent").stream().map(a -> ((JsonObject) a).getString("$id")))
                .containsExactlyInAnyOrder("agency-centralunica", "agency-SER-150122", "agency-CGBVP");
        assertThat(eido.getJsonArray("notesComponent").getJsonObject(0).getString("noteText")).isEqualTo("Humo negro en el tercer piso");
        assertThat(eido.getJsonArray("locationComponent").stream().map(l -> ((JsonObject) l).getString("locationTypeDescriptionRegistryText")))
                .containsExactlyInAnyOrder("CurrentIncident", "CallerLocation");

        assertThat(console.login("disp.sjl").get("/api/incidents/" + incident + "/eido").statusCode())
                .as("another district's dispatcher does not learn it exists").isEqualTo(404);
        assertThat(dispatcher.get("/api/incidents/999999/eido").statusCode()).isEqualTo(404);
    }
}
