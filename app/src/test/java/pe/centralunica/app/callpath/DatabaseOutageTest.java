package pe.centralunica.app.callpath;

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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL goes away while calls arrive: callers are still triaged and routed (rules, numbers and districts
 * are in memory), their records wait in the node's spool, and arrive — complete — once the database is back.
 */
class DatabaseOutageTest {

    @Test
    void callsDuringADatabaseOutageAreRoutedAndTheirRecordsArriveAfterwards() throws Exception {
        DatabaseSettings direct = TestDatabases.freshSettings();
        Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(.*)").matcher(direct.jdbcUrl());
        assertThat(m.matches()).as("a host:port JDBC URL: %s", direct.jdbcUrl()).isTrue();
        try (CuttableProxy proxy = new CuttableProxy(m.group(1), Integer.parseInt(m.group(2)))) {
            DatabaseSettings viaProxy = new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + m.group(3),
                    direct.user(), direct.password(), direct.maxPoolSize(), direct.connectionTimeout());
            try (Node node = TestNode.start(viaProxy);
                 Database db = Database.open(direct);
                 SimulatedAsterisk asterisk = SimulatedAsterisk.builder()
                         .agiServer("127.0.0.1", node.agiPort())
                         .queue(QueueSpec.named("desk-samu").member(MemberSpec.named("PJSIP/samu-01").answerAfter(Duration.ofSeconds(2))))
                         .queue(QueueSpec.named("cic-sc").member(MemberSpec.named("PJSIP/metro-01")))
                         .timeScale(0.1).seed(3).start()) {

                proxy.cut();
                CallOutcome o = asterisk.place(CallScript.caller("987111222").dials("106")
                        .pressesAfter(Duration.ofSeconds(5), "22").hangsUpAfterAnswer(Duration.ofSeconds(10))).get(60, TimeUnit.SECONDS);

                assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
                assertThat(o.fallback()).as("routed by the app, not the dialplan's fallback").isFalse();
                assertThat(o.answeredTarget()).isEqualTo("desk-samu");
                String callId = o.variable("CU_CALL_ID");
                assertThat(callId).isNotBlank();
                assertThat(count(db, callId)).as("nothing reached PostgreSQL during the outage").isZero();

                proxy.restore();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (count(db, callId) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(count(db, callId)).as("the call's record after the outage").isEqualTo(1);
                // The row appears with the first shipped batch; the rest of the timeline may follow in the next.
                assertThat(new Records(db).await("SELECT emergency_type_code FROM call WHERE id = ?::uuid", callId, "MEDICAL"))
                        .isEqualTo("MEDICAL");
                try (Connection c = db.dataSource().getConnection();
                     PreparedStatement ps = c.prepareStatement("SELECT emergency_type_code, district_ubigeo, dialled_number FROM call WHERE id = ?::uuid")) {
                    ps.setObject(1, callId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo("MEDICAL");
                        assertThat(rs.getString(2)).isEqualTo("150122");
                        assertThat(rs.getString(3)).isEqualTo("106");
                    }
                }
            }
        }
    }

    private static long count(Database db, String callId) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM call WHERE id = ?::uuid")) {
            ps.setObject(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
