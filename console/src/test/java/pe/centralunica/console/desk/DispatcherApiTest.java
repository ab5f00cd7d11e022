package pe.centralunica.console.desk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A dispatcher works incidents and calls through the REST API; refusals change nothing. */
class DispatcherApiTest {

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
    void anIncidentMovesForwardOneStepAtATimeAndEveryEditIsAudited() throws Exception {
        UUID call = console.insertCall("1700000001.1", "987654321", "CRIME", "150122", "NORMAL", "ANSWERED");
        long incident = console.incidentOf(call);
        String path = "/api/incidents/" + incident;

        HttpResponse<String> edited = dispatcher.patch(path, new JsonObject().put("priority", 1).put("address", "Av. Larco 400")
                .put("latitude", -12.1211).put("longitude", -77.0297).put("notes", "robo al paso").put("status", "DISPATCHED"));
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        JsonObject after = new JsonObject(edited.body());
        assertThat(after.getString("status")).isEqualTo("DISPATCHED");
        assertThat(after.getString("address")).isEqualTo("Av. Larco 400");

        HttpResponse<String> skipped = dispatcher.patch(path, new JsonObject().put("status", "NEW"));
        assertThat(skipped.statusCode()).isEqualTo(409);
        assertThat(skipped.body()).contains("cannot become NEW");

        assertThat(dispatcher.patch(path, new JsonObject().put("status", "ON_SCENE")).statusCode()).isEqualTo(200);
        JsonObject closed = new JsonObject(dispatcher.patch(path, new JsonObject().put("status", "CLOSED")).body());
        assertThat(closed.getString("closedAt")).isNotNull();
        assertThat(dispatcher.patch(path, new JsonObject().put("notes", "x")).statusCode()).isEqualTo(409);

        assertThat(console.count("SELECT count(*) FROM audit_log WHERE entity = 'incident' AND entity_id = ? AND actor = 'disp.miraflores'"
                + " AND before IS NOT NULL AND after IS NOT NULL", Long.toString(incident))).isEqualTo(3);

        JsonArray closedOnes = new JsonArray(dispatcher.get("/api/incidents?status=CLOSED&district=150122").body());
        assertThat(closedOnes.stream().map(o -> ((JsonObject) o).getLong("id"))).containsExactly(incident);
        assertThat(new JsonArray(dispatcher.get("/api/incidents?open=true").body()).stream()
                .map(o -> ((JsonObject) o).getLong("id"))).doesNotContain(incident);

        JsonObject full = new JsonObject(dispatcher.get(path).body());
        assertThat(full.getJsonArray("callList")).hasSize(1);
        assertThat(full.getJsonArray("callList").getJsonObject(0).getJsonArray("timeline")).isNotEmpty();
    }

    @Test
    void badInputIsA4xxWithAClearMessageAndChangesNothing() throws Exception {
        UUID call = console.insertCall("1700000002.1", "987000002", "FIRE", "150122", "NORMAL", "ANSWERED");
        long incident = console.incidentOf(call);
        String path = "/api/incidents/" + incident;
        String before = dispatcher.get(path).body();
        long audit = console.count("SELECT count(*) FROM audit_log");

        assertThat(dispatcher.patch(path, new JsonObject().put("priority", 9)).body()).contains("priority");
        assertThat(dispatcher.patch(path, new JsonObject().put("latitude", 123.0)).statusCode()).isEqualTo(400);
        assertThat(dispatcher.patch(path, new JsonObject().put("status", "FLYING")).statusCode()).isEqualTo(400);
        assertThat(dispatcher.patch(path, new JsonObject().put("type", "NOT_A_TYPE")).statusCode()).isEqualTo(400);
        assertThat(dispatcher.patch(path, new JsonObject().put("district", "999999")).statusCode()).as("outside their district")
                .isEqualTo(403);
        assertThat(dispatcher.patch(path, new JsonObject().put("callerNumber", "1")).statusCode()).isEqualTo(400);
        HttpResponse<String> notJson = dispatcher.send("PATCH", path, null);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(dispatcher.get("/api/incidents/abc").statusCode()).isEqualTo(400);
        assertThat(dispatcher.get("/api/incidents/999999").statusCode()).isEqualTo(404);
        assertThat(dispatcher.get("/api/incidents?status=SOON").statusCode()).isEqualTo(400);

        assertThat(dispatcher.get(path).body()).isEqualTo(before);
        assertThat(console.count("SELECT count(*) FROM audit_log")).isEqualTo(audit);
        assertThat(console.login("supervisor").patch(path, new JsonObject().put("district", "999999")).statusCode()).isEqualTo(400);
    }

    @Test
    void aPrankMarkFeedsTheFlaggedCallerCountOnceAndTheTimeline() throws Exception {
        UUID call = console.insertCall("1700000003.1", "955555555", "OTHER", "150122", "NORMAL", "ANSWERED");
        assertThat(dispatcher.post("/api/calls/" + call + "/prank", null).statusCode()).isEqualTo(200);
        assertThat(dispatcher.post("/api/calls/" + call + "/prank", null).statusCode()).as("idempotent").isEqualTo(200);
        assertThat(console.count("SELECT count(*) FROM caller_mark WHERE caller_number = '955555555' AND marked_by = 'disp.miraflores'"))
                .isEqualTo(1);
        assertThat(console.count("SELECT count(*) FROM call_event WHERE call_id = ? AND type = 'MARKED_PRANK'", call)).isEqualTo(1);
        assertThat(console.count("SELECT count(*) FROM call WHERE id = ? AND prank", call)).isEqualTo(1);
    }

    @Test
    void aCallIsLinkedToAnExistingIncident() throws Exception {
        UUID first = console.insertCall("1700000004.1", "911111111", "FIRE", "150122", "NORMAL", "ANSWERED");
        UUID second = console.insertCall("1700000004.2", "922222222", "FIRE", "150122", "NORMAL", "ANSWERED");
        long target = console.incidentOf(first);
        HttpResponse<String> r = dispatcher.post("/api/calls/" + second + "/incident", new JsonObject().put("incidentId", target));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(console.incidentOf(second)).isEqualTo(target);
        assertThat(console.count("SELECT count(*) FROM call_event WHERE call_id = ? AND type = 'INCIDENT_LINKED'"
                + " AND data->>'incidentId' = ?", second, Long.toString(target))).isEqualTo(1);
        assertThat(dispatcher.post("/api/calls/" + second + "/incident", new JsonObject().put("incidentId", 987654)).statusCode())
                .isEqualTo(404);
        assertThat(console.incidentOf(second)).isEqualTo(target);
    }

    @Test
    void anAbandonedCallIsListedAndCalledBackFromTheDispatchersPhone() throws Exception {
        UUID call = console.insertCall("1700000005.1", "933333333", "MEDICAL", "150122", "NORMAL", "ABANDONED");
        JsonArray abandoned = new JsonArray(dispatcher.get("/api/calls/abandoned").body());
        assertThat(abandoned.stream().map(o -> ((JsonObject) o).getString("id"))).contains(call.toString());

        HttpResponse<String> r = dispatcher.post("/api/calls/" + call + "/callback", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(console.asterisk.callBacks).contains(new FakeAsterisk.CallBack(ConsoleNode.MIRAFLORES_PHONE, "933333333",
                console.incidentOf(call)));
        JsonArray after = new JsonArray(dispatcher.get("/api/calls/abandoned").body());
        assertThat(after.stream().map(o -> (JsonObject) o).filter(o -> o.getString("id").equals(call.toString()))
                .findFirst().orElseThrow().getBoolean("calledBack")).isTrue();
    }

    @Test
    void theLiveQueueShowsADispatcherOnlyTheirCentralAndTransfersGoThroughCallControl() throws Exception {
        console.asterisk.put(FakeAsterisk.queued("1700000006.1", null, "944444444", "ser-150122", "CRIME", "150122", "PANIC"));
        console.asterisk.put(FakeAsterisk.queued("1700000006.2", null, "944444445", "ser-150132", "FIRE", "150132", "NORMAL"));

        JsonArray mine = new JsonObject(dispatcher.get("/api/live/queue").body()).getJsonArray("calls");
        assertThat(mine.stream().map(o -> ((JsonObject) o).getString("uniqueid"))).contains("1700000006.1").doesNotContain("1700000006.2");
        JsonObject panic = mine.stream().map(o -> (JsonObject) o).filter(o -> o.getString("uniqueid").equals("1700000006.1")).findFirst().orElseThrow();
        assertThat(panic.getBoolean("panic")).isTrue();
        assertThat(panic.getLong("waitSeconds")).as("since the call arrived (40 s ago), not since it joined this queue (12 s ago)")
                .isGreaterThanOrEqualTo(40);

        console.asterisk.members.add(new pe.centralunica.router.live.DispatcherState("PJSIP/disp-150122-02", "Ana", "ser-150122",
                true, true, false, java.util.Optional.empty()));
        console.asterisk.members.add(new pe.centralunica.router.live.DispatcherState("PJSIP/disp-150132-02", "Luis", "ser-150132",
                true, false, true, java.util.Optional.of("1700000006.2")));
        JsonArray members = new JsonObject(dispatcher.get("/api/live/queue").body()).getJsonArray("dispatchers");
        assertThat(members.stream().map(o -> ((JsonObject) o).getString("iface"))).containsExactly("PJSIP/disp-150122-02");
        assertThat(members.getJsonObject(0).getBoolean("paused")).isTrue();

        JsonArray all = new JsonObject(console.login("supervisor").get("/api/live/queue").body()).getJsonArray("calls");
        assertThat(all.stream().map(o -> ((JsonObject) o).getString("uniqueid"))).contains("1700000006.1", "1700000006.2");

        assertThat(dispatcher.post("/api/live/calls/1700000006.2/transfer", new JsonObject().put("target", "T-PNP").put("incidentId", 1))
                .statusCode()).as("another central's call").isEqualTo(403);
        assertThat(dispatcher.post("/api/live/calls/1700000006.1/transfer", new JsonObject().put("target", "NOPE").put("incidentId", 1))
                .statusCode()).isEqualTo(400);
        long ours = console.incidentOf(console.insertCall("1700000006.9", "900000069", "CRIME", "150122", "NORMAL", "ANSWERED"));
        long theirs = console.incidentOf(console.insertCall("1700000006.8", "900000068", "CRIME", "150132", "NORMAL", "ANSWERED"));
        assertThat(dispatcher.post("/api/live/calls/1700000006.1/transfer", new JsonObject().put("target", "T-PNP")
                .put("incidentId", theirs)).statusCode()).as("another district's incident").isEqualTo(404);
        assertThat(dispatcher.post("/api/live/calls/1700000006.1/transfer", new JsonObject().put("target", "T-PNP")
                .put("incidentId", 999_999)).statusCode()).as("no such incident").isEqualTo(404);
        assertThat(console.asterisk.transfers).noneMatch(t -> t.incidentId() == theirs || t.incidentId() == 999_999);
        // A call of her central whose district the IVR could not learn carries its own incident, and only that one.
        UUID unknownDistrict = console.insertCall("1700000006.3", "900000063", "CRIME", null, "NORMAL", "ANSWERED");
        long carried = console.incidentOf(unknownDistrict);
        long strayNoDistrict = console.incidentOf(console.insertCall("1700000006.4", "900000064", "CRIME", null, "NORMAL", "ANSWERED"));
        console.asterisk.put(FakeAsterisk.queued("1700000006.3", unknownDistrict.toString(), "900000063", "ser-150122", "CRIME", "",
                "NORMAL"));
        assertThat(dispatcher.post("/api/live/calls/1700000006.3/transfer", new JsonObject().put("target", "T-PNP")
                .put("incidentId", strayNoDistrict)).statusCode()).as("an incident of no district, not this call's").isEqualTo(404);
        assertThat(dispatcher.post("/api/live/calls/1700000006.3/transfer", new JsonObject().put("target", "T-PNP")
                .put("incidentId", carried)).statusCode()).as("the call's own incident").isEqualTo(200);
        HttpResponse<String> ok = dispatcher.post("/api/live/calls/1700000006.1/transfer", new JsonObject().put("target", "T-PNP").put("incidentId", ours));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(console.asterisk.transfers).contains(new FakeAsterisk.Transfer("1700000006.1", "T-PNP", ours));
    }

    @Test
    void aSerenazgoDispatcherNeitherSeesNorChangesAnotherDistrictsCallsAndIncidents() throws Exception {
        UUID theirs = console.insertCall("1700000007.1", "900000007", "CRIME", "150132", "NORMAL", "ABANDONED");
        long theirIncident = console.incidentOf(theirs);
        String before = console.login("supervisor").get("/api/incidents/" + theirIncident).body();

        assertThat(dispatcher.get("/api/incidents/" + theirIncident).statusCode()).isEqualTo(404);
        assertThat(dispatcher.patch("/api/incidents/" + theirIncident, new JsonObject().put("notes", "x")).statusCode()).isEqualTo(404);
        assertThat(dispatcher.get("/api/calls/" + theirs).statusCode()).isEqualTo(404);
        assertThat(dispatcher.post("/api/calls/" + theirs + "/prank", null).statusCode()).isEqualTo(404);
        assertThat(dispatcher.post("/api/calls/" + theirs + "/callback", null).statusCode()).isEqualTo(404);
        assertThat(dispatcher.get("/api/calls/abandoned").body()).doesNotContain(theirs.toString());
        HttpResponse<String> list = dispatcher.get("/api/incidents?limit=1000");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(new io.vertx.core.json.JsonArray(list.body()).stream().map(o -> ((JsonObject) o).getString("district")))
                .isNotEmpty().containsOnly("150122");
        assertThat(dispatcher.post("/api/incidents", new JsonObject().put("type", "FIRE").put("district", "150132")).statusCode())
                .isEqualTo(403);
        // Their own incident cannot be moved out of their district (nor its district cleared).
        long mine = console.incidentOf(console.insertCall("1700000007.2", "900000072", "CRIME", "150122", "NORMAL", "ANSWERED"));
        assertThat(dispatcher.patch("/api/incidents/" + mine, new JsonObject().put("district", "150132").put("notes", "moved"))
                .statusCode()).isEqualTo(403);
        assertThat(dispatcher.patch("/api/incidents/" + mine, new JsonObject().putNull("district")).statusCode()).isEqualTo(403);
        assertThat(console.count("SELECT count(*) FROM incident WHERE id = ? AND district_ubigeo = '150122' AND coalesce(notes, '') = ''",
                mine)).isEqualTo(1);
        assertThat(dispatcher.post("/api/calls/" + console.insertCall("1700000007.3", "900000073", "CRIME", "150122", "NORMAL",
                "ANSWERED") + "/incident", new JsonObject().put("incidentId", theirIncident)).statusCode())
                .as("linking own call to their incident").isEqualTo(404);

        var sjl = console.login("disp.sjl");
        assertThat(sjl.get("/api/incidents/" + theirIncident).statusCode()).isEqualTo(200);
        assertThat(console.login("supervisor").get("/api/incidents/" + theirIncident).body()).isEqualTo(before);
        assertThat(console.count("SELECT count(*) FROM caller_mark WHERE caller_number = '900000007'")).isZero();
    }

    @Test
    void aDispatcherOpensAnIncidentInTheirDistrictAndReadsACall() throws Exception {
        HttpResponse<String> created = dispatcher.post("/api/incidents", new JsonObject().put("type", "TRAFFIC")
                .put("address", "Óvalo Gutiérrez"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject incident = new JsonObject(created.body());
        assertThat(incident.getString("district")).isEqualTo("150122");
        assertThat(incident.getString("status")).isEqualTo("NEW");
        UUID call = console.insertCall("1700000008.1", "900000008", "CRIME", "150122", "NORMAL", "ANSWERED");
        HttpResponse<String> read = dispatcher.get("/api/calls/" + call);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(read.body()).getString("callerNumber")).isEqualTo("900000008");
        assertThat(dispatcher.get("/api/live/pop").statusCode()).as("no call on the phone").isEqualTo(204);
    }

    @Test
    void aDispatcherOfNoCentralSeesNothingOnAnyRoute() throws Exception {
        var admin = console.login("admin");
        assertThat(admin.post("/api/admin/users", new JsonObject().put("username", "disp.nobody").put("displayName", "Sin central")
                .put("password", ConsoleNode.PASSWORD).put("role", "DISPATCHER")).statusCode()).isEqualTo(201);
        console.insertCall("1700000009.1", "900000091", "CRIME", "150132", "NORMAL", "ABANDONED");
        console.asterisk.put(FakeAsterisk.queued("1700000009.2", null, "900000092", "ser-150132", "CRIME", "150132", "NORMAL"));
        var nobody = console.login("disp.nobody");
        assertThat(nobody.get("/api/me").statusCode()).as("may still see who they are").isEqualTo(200);
        int refused = 0;
        for (var e : console.node.api().endpoints()) {
            if (e.access() != pe.centralunica.console.http.Access.DISPATCHER || e.path().equals("/api/me") || e.path().equals("/api/logout")) {
                continue;
            }
            String path = e.path().replace(":uniqueid", "1700000009.2").replace(":id", "1");
            HttpResponse<String> r = nobody.send(e.method().name(), path, new JsonObject());
            assertThat(r.statusCode()).as(e.method() + " " + e.path() + ": " + r.body()).isEqualTo(403);
            assertThat(r.body()).contains("no central");
            refused++;
        }
        assertThat(refused).isGreaterThan(10);
        assertThat(console.asterisk.transfers).noneMatch(t -> t.uniqueid().equals("1700000009.2"));
        assertThat(nobody.post("/api/logout", null).statusCode()).isEqualTo(204);
    }
}
