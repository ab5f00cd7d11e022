package pe.centralunica.console.kpi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.console.desk.ConsoleNode;
import pe.centralunica.console.desk.FakeAsterisk;
import pe.centralunica.router.live.DispatcherState;
import pe.centralunica.router.live.LiveCall;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The supervisors' API on a node: wallboard, reports with CSV, staffing, the KPI gauges on /metrics, and who may see them. */
class SupervisorApiTest {

    private static ConsoleNode node;
    private static final String TODAY = LocalDate.now(ZoneId.of("America/Lima")).toString();

    @BeforeAll
    static void start() throws Exception {
        node = new ConsoleNode();
        GeneratedCalls g = new GeneratedCalls(node.jdbc);
        Instant t = Instant.now().minusSeconds(600);
        g.call(t).queued(4, "cic-sc").answered(10).hungUp(100).save();          // within 15
        g.call(t.plusSeconds(5)).queued(6, "cic-sc").answered(19).hungUp(90).save();  // within 20 only
        g.call(t.plusSeconds(9)).queued(5, "cic-sc").abandoned(30).hungUp(30).save(); // abandoned
        g.call(t.plusSeconds(12)).test().queued(1, "cic-sc").answered(2).hungUp(5).save(); // never counts
        new KpiRollup(node.jdbc, java.time.ZoneId.of("America/Lima")).refreshSince(t.minusSeconds(60));

        node.asterisk.put(FakeAsterisk.queued("1700000001.1", null, "999111222", "cic-sc", "CRIME", "150101", "NORMAL"));
        LiveCall probe = FakeAsterisk.queued("1700000001.2", null, "100", "cic-sc", "CRIME", "150101", "NORMAL");
        Map<String, String> vars = new HashMap<>(probe.variables());
        vars.put("CU_TEST", "1");
        node.asterisk.put(new LiveCall(probe.callId(), probe.uniqueid(), probe.linkedid(), probe.channel(), probe.callerNumber(),
                probe.dialled(), probe.state(), probe.queue(), probe.queuedAt(), probe.answeredBy(), Instant.now().minusSeconds(300), vars));
        node.asterisk.members.addAll(List.of(
                new DispatcherState("PJSIP/cic-01", "cic-01", "cic-sc", true, false, false, Optional.empty()),
                new DispatcherState("PJSIP/cic-02", "cic-02", "cic-sc", true, true, false, Optional.empty()),
                new DispatcherState("PJSIP/cic-03", "cic-03", "cic-sc", false, false, false, Optional.empty()),
                // one phone in two queues of the same central: free in one, on a call from the other → busy, once
                new DispatcherState("PJSIP/cic-04", "cic-04", "cic-sc", true, false, false, Optional.empty()),
                new DispatcherState("PJSIP/cic-04", "cic-04", "cic-review", true, false, true, Optional.of("y")),
                new DispatcherState("PJSIP/disp-150122-01", "d", "ser-150122", true, false, true, Optional.of("x"))));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void dispatchersMayNotSeeTheWallboardOrReports() throws Exception {
        ConsoleNode.Client d = node.login("disp.miraflores");
        assertThat(d.get("/api/wallboard").statusCode()).isEqualTo(403);
        assertThat(d.get("/api/reports").statusCode()).isEqualTo(403);
        assertThat(d.get("/api/reports.csv").statusCode()).isEqualTo(403);
        assertThat(d.get("/api/hotspots").statusCode()).isEqualTo(403);
        assertThat(d.get("/api/staffing").statusCode()).isEqualTo(403);
        assertThat(node.client().get("/api/wallboard").statusCode()).isEqualTo(401);
        assertThat(node.login("supervisor").get("/api/hotspots?type=crime;drop").statusCode()).isEqualTo(400);
    }

    @Test
    void theWallboardShowsEachDeskLiveAndTodaysFiguresWithoutTestCalls() throws Exception {
        JsonObject board = new JsonObject(node.login("supervisor").get("/api/wallboard").body());
        JsonObject metro = desk(board.getJsonArray("desks"), "CIC-SC");
        assertThat(metro.getInteger("waiting")).as("the CU_TEST probe is not a caller").isEqualTo(1);
        assertThat(metro.getLong("longestWaitSeconds")).isBetween(40L, 100L);
        assertThat(metro.getInteger("free")).isEqualTo(1);
        assertThat(metro.getInteger("paused")).isEqualTo(1);
        assertThat(metro.getInteger("busy")).isEqualTo(1);
        JsonObject today = metro.getJsonObject("today");
        assertThat(today.getLong("calls")).isEqualTo(3);
        assertThat(today.getLong("within15")).isEqualTo(1);
        assertThat(today.getLong("within20")).isEqualTo(2);
        assertThat(today.getDouble("abandonPct")).isEqualTo(33.3);
        assertThat(desk(board.getJsonArray("desks"), "SER-150122").getInteger("busy")).isEqualTo(1);
        assertThat(board.getJsonObject("city").getJsonObject("today").getLong("calls")).isEqualTo(3);
    }

    @Test
    void aReportGroupsTheRangeAndExportsTheSameFiguresAsCsv() throws Exception {
        ConsoleNode.Client s = node.login("supervisor");
        HttpResponse<String> r = s.get("/api/reports?from=" + TODAY + "&to=" + TODAY + "&by=central");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject report = new JsonObject(r.body());
        JsonObject metro = report.getJsonArray("rows").getJsonObject(0);
        assertThat(metro.getString("key")).isEqualTo("CIC-SC");
        assertThat(metro.getLong("settled")).isEqualTo(3);
        assertThat(metro.getDouble("pctWithin15")).isEqualTo(33.3);
        assertThat(report.getJsonObject("total").getLong("calls")).isEqualTo(3);

        HttpResponse<String> csv = s.get("/api/reports.csv?from=" + TODAY + "&to=" + TODAY + "&by=central");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<CSVRecord> records = CSVParser.parse(new StringReader(csv.body()),
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).getRecords();
        assertThat(records).hasSize(1);
        assertThat(records.getFirst().get("group")).isEqualTo("CIC-SC");
        assertThat(records.getFirst().get("answered_within_20s")).isEqualTo("2");
        assertThat(records.getFirst().get("abandoned_pct")).isEqualTo("33.3");

        assertThat(s.get("/api/reports?by=weekday").statusCode()).isEqualTo(400);
        assertThat(s.get("/api/reports?from=2024-01-01&to=" + TODAY).statusCode()).isEqualTo(400);
        assertThat(s.get("/api/reports?from=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void staffingAdviceListsEveryHourOfTheComingWeekNextToWhoIsLoggedIn() throws Exception {
        JsonArray advice = new JsonArray(node.login("supervisor").get("/api/staffing").body());
        JsonObject metro = advice.stream().map(JsonObject.class::cast).filter(o -> o.getString("central").equals("CIC-SC"))
                .findFirst().orElseThrow();
        assertThat(metro.getJsonArray("hours")).hasSize(168);
        assertThat(metro.getInteger("loggedInNow")).isEqualTo(3);
        // 3 offered calls over 4 weeks in one hour: 0.75 calls/hour still needs one dispatcher; empty hours need none
        long needing = metro.getJsonArray("hours").stream().map(JsonObject.class::cast).filter(h -> h.getInteger("needed") > 0).count();
        assertThat(needing).as("the calls fall in one hour, or two across an hour boundary").isBetween(1L, 2L);
    }

    @Test
    void theKpiGaugesReachMetricsWithinARefresh() throws Exception {
        String text = "";
        long deadline = System.nanoTime() + 25_000_000_000L;
        while (System.nanoTime() < deadline) {
            text = node.client().get("/metrics").body();
            if (text.contains("cu_kpi_answered_within_20s_percent{central=\"CIC-SC\"}")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(text).contains("cu_kpi_answered_within_20s_percent{central=\"CIC-SC\"} 66.7");
        assertThat(text).contains("cu_kpi_calls_today{central=\"ALL\"} 3.0");
        assertThat(text).contains("cu_kpi_calls_waiting{central=\"CIC-SC\"} 1.0");
        assertThat(text).contains("cu_kpi_dispatchers_paused{central=\"CIC-SC\"} 1.0");
    }

    private static JsonObject desk(JsonArray desks, String agency) {
        return desks.stream().map(JsonObject.class::cast).filter(o -> agency.equals(o.getString("agency"))).findFirst()
                .orElseThrow(() -> new AssertionError("no desk " + agency + " in " + desks.encode()));
    }
}
