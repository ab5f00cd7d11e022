package pe.centralunica.app.callpath;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.app.Node;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.Disposition;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.SimulatedAsterisk;
import pe.centralunica.sipconfig.asterisk.AsteriskConfigGenerator;
import pe.centralunica.sipconfig.asterisk.ConfigValidator;
import pe.centralunica.sipconfig.asterisk.ContractDialplan;
import pe.centralunica.sipconfig.asterisk.GeneratorSettings;
import pe.centralunica.sipconfig.asterisk.Secrets;
import pe.centralunica.sipconfig.topology.JdbcTopologyRepository;
import pe.centralunica.sipconfig.topology.SipTopology;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dialplan sip-config GENERATES from the database (not the hand-written contract file) is what the simulated
 * Asterisk runs here, against a real node: the universal number, a district trunk's context (CU_TRUNK_DISTRICT
 * reaches the triage script), a synthetic monitoring call (recorded as a test call) and a panic button.
 * (Lives in app: sip-config cannot depend on the simulator, which depends on sip-config.)
 */
class GeneratedDialplanEndToEndTest {

    private static Database db;
    private static Node node;
    private static SimulatedAsterisk asterisk;
    private static String generated;

    @BeforeAll
    static void start() throws Exception {
        DatabaseSettings settings = TestDatabases.freshSettings();
        db = Database.open(settings);
        db.migrate();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO sip_trunk (endpoint, direction, host, port, district_ubigeo) VALUES ('carrier-mira', 'INBOUND', '192.0.2.30', 5060, '150122')");
            st.execute("INSERT INTO panic_button (device_id, caller_id, latitude, longitude, address, district_ubigeo)"
                    + " VALUES ('PB-0001', '5110001', -12.12, -77.03, 'Parque Kennedy', '150122')");
        }
        node = TestNode.start(settings);
        SipTopology topology = new JdbcTopologyRepository(db.dataSource()).load();
        Map<String, String> files = new AsteriskConfigGenerator(ContractDialplan.fromClasspath(), GeneratorSettings.defaults(),
                Secrets.of(Map.of("cu-monitor", "m", "ami-central-unica", "a", "panic-PB-0001", "p"))).generate(topology);
        assertThat(new ConfigValidator().problems(files, topology)).isEmpty();
        generated = files.get(AsteriskConfigGenerator.EXTENSIONS);
        asterisk = SimulatedAsterisk.builder()
                .dialplanText(generated)
                .agiServer("127.0.0.1", node.agiPort())
                .queue(QueueSpec.named("cic-sc").member(MemberSpec.named("PJSIP/metro-01").answerAfter(Duration.ofSeconds(3))))
                .queue(QueueSpec.named("desk-cgbvp").member(MemberSpec.named("PJSIP/cgbvp-01").answerAfter(Duration.ofSeconds(2))))
                .queue(QueueSpec.named("desk-pnp").member(MemberSpec.named("PJSIP/pnp-01").answerAfter(Duration.ofSeconds(2))))
                .queue(QueueSpec.named("ser-150122").member(MemberSpec.named("PJSIP/ser-mir-01").answerAfter(Duration.ofSeconds(2))))
                .timeScale(0.1)
                .seed(11)
                .start();
    }

    @AfterAll
    static void stop() {
        if (asterisk != null) asterisk.close();
        if (node != null) node.close();
        if (db != null) db.close();
    }

    private static CallOutcome call(CallScript script) throws Exception {
        return asterisk.place(script.hangsUpAfterAnswer(Duration.ofSeconds(10))).get(60, TimeUnit.SECONDS);
    }

    @Test
    void theUniversalNumberIsTriagedAndAnsweredThroughTheGeneratedDialplan() throws Exception {
        CallOutcome o = call(CallScript.caller("987100001").dials("911")
                .pressesAfter(Duration.ofSeconds(5), "2").pressesAfter(Duration.ofMillis(7_500), "22"));

        assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
        assertThat(o.fallback()).isFalse();
        assertThat(o.answeredTarget()).isEqualTo("desk-cgbvp");
        assertThat(o.dialplanTrace()).contains("cu-inbound,911,1 Goto(cu-triage,911,1)");
        awaitValue("SELECT emergency_type_code || ' ' || district_ubigeo || ' ' || test_call FROM call WHERE id = ?::uuid",
                o.variable("CU_CALL_ID"), "FIRE 150122 false");
    }

    @Test
    void aCallOnADistrictTrunkNeedsNoDistrictQuestion() throws Exception {
        // Crime → the district central first; the district comes from the trunk's context, not from the caller.
        CallOutcome o = call(CallScript.caller("987100002").dials("911").context("cu-trunk-carrier-mira")
                .channel("PJSIP/carrier-mira").pressesAfter(Duration.ofSeconds(5), "1"));

        assertThat(o.variables()).containsEntry("CU_TRUNK_DISTRICT", "150122").containsEntry("CU_DISTRICT", "150122");
        assertThat(o.answeredTarget()).isEqualTo("ser-150122");
        awaitValue("SELECT district_ubigeo || ' ' || district_source FROM call WHERE id = ?::uuid", o.variable("CU_CALL_ID"),
                "150122 TRUNK");
    }

    @Test
    void aSyntheticMonitoringCallIsRoutedConfirmedAndRecordedAsATestCallWithoutRingingADispatcher() throws Exception {
        CallOutcome o = asterisk.place(CallScript.caller("cu-monitor").dials("911").context("cu-monitoring").channel("PJSIP/cu-monitor")
                .pressesAfter(Duration.ofSeconds(5), "2").pressesAfter(Duration.ofMillis(7_500), "22")
                .hangsUpAfter(Duration.ofSeconds(20))).get(60, TimeUnit.SECONDS);

        assertThat(o.variables()).containsEntry("CU_TEST", "1").containsEntry("CU_ROUTE_OK", "1").containsEntry("CU_TARGET", "desk-cgbvp");
        assertThat(o.dialplanTrace()).contains("cu-monitoring,911,7 SendDTMF(#)");
        assertThat(o.answeredTarget()).as("no dispatcher rang").isEmpty();
        awaitValue("SELECT test_call::text FROM call WHERE id = ?::uuid", o.variable("CU_CALL_ID"), "true");
    }

    @Test
    void aMonitoringCallOurAppDoesNotRouteIsHungUpAtOnce() throws Exception {
        asterisk.faults().agiUnreachable(true);
        try {
            CallOutcome o = asterisk.place(CallScript.caller("cu-monitor").dials("911").context("cu-monitoring")
                    .channel("PJSIP/cu-monitor").hangsUpAfter(Duration.ofSeconds(60))).get(60, TimeUnit.SECONDS);
            assertThat(o.dialplanTrace()).contains("cu-monitoring,911,5 Hangup()").noneMatch(l -> l.contains("SendDTMF"));
            assertThat(o.answeredTarget()).isEmpty();
        } finally {
            asterisk.faults().agiUnreachable(false);
        }
    }

    @Test
    void aPanicButtonDeviceReachesThePanicScript() throws Exception {
        CallOutcome o = call(CallScript.panicButton("5110001").context("cu-panic-devices").channel("PJSIP/panic-PB-0001"));

        assertThat(o.agiScripts()).first().isEqualTo("panic");
        assertThat(o.answeredTarget()).isEqualTo("ser-150122");
        assertThat(o.dialplanTrace()).contains("cu-panic-devices,911,1 Goto(cu-panic,911,1)");
    }

    private static void awaitValue(String sql, String callId, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, callId);
                try (ResultSet rs = ps.executeQuery()) {
                    last = rs.next() ? rs.getString(1) : null;
                }
            }
            if (expected.equals(last)) return;
            Thread.sleep(100);
        }
        assertThat(last).as(sql).isEqualTo(expected);
    }
}
