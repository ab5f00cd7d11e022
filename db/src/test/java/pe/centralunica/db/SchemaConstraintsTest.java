package pe.centralunica.db;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.testing.TestDatabases;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The schema keeps bad data out by itself, whatever code writes to it. */
class SchemaConstraintsTest {

    private static Database db;

    @BeforeAll
    static void migrate() {
        db = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static int update(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            return st.executeUpdate(sql);
        }
    }

    @Test
    void districtCodesMustBeSixDigitUbigeo() {
        assertThatThrownBy(() -> update("INSERT INTO district VALUES ('15012', 'X', 'LIMA', '99')"))
                .isInstanceOf(SQLException.class).hasMessageContaining("district_ubigeo_check");
    }

    @Test
    void aSerenazgoCentralBelongsToExactlyOneDistrictAndEachDistrictHasOne() {
        assertThatThrownBy(() -> update("INSERT INTO agency VALUES ('SER-X', 'Serenazgo sin distrito', 'SERENAZGO', NULL)"))
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> update("INSERT INTO agency VALUES ('SER-DUP', 'Otro serenazgo', 'SERENAZGO', '150122')"))
                .isInstanceOf(SQLException.class).hasMessageContaining("agency_one_serenazgo_per_district");
    }

    @Test
    void thereIsOnlyOneMetropolitanCentre() {
        assertThatThrownBy(() -> update("INSERT INTO agency VALUES ('CIC-2', 'Segundo centro', 'METROPOLITAN', NULL)"))
                .isInstanceOf(SQLException.class).hasMessageContaining("agency_one_metropolitan");
    }

    @Test
    void callEventsCannotBeChangedOrDeleted() throws SQLException {
        update("INSERT INTO call (id, asterisk_uniqueid, arrived_at) VALUES ('00000000-0000-0000-0000-000000000001', '1763812345.1', now())");
        update("INSERT INTO call_event (event_id, call_id, seq, at, type) VALUES "
                + "('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-000000000001', 0, now(), 'ARRIVED')");
        assertThatThrownBy(() -> update("UPDATE call_event SET type = 'NOTE'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> update("DELETE FROM call_event"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    }

    @Test
    void aRuleTargetIsEitherFixedOrDynamicNeverBoth() {
        assertThatThrownBy(() -> update("INSERT INTO routing_rule_target (rule_id, position, target_code, dynamic_target) "
                + "SELECT id, 9, 'Q-PNP', 'DISTRICT_CENTRAL' FROM routing_rule LIMIT 1"))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void panicButtonsNeedAPlausibleLocation() {
        assertThatThrownBy(() -> update("INSERT INTO panic_button (device_id, caller_id, latitude, longitude, address, district_ubigeo) "
                + "VALUES ('PB-1', '7001', -120, -77.03, 'Av. Larco 400', '150122')"))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void referenceDataHasEveryFirstResponseAgencyAndATrunkForEach() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM agency a JOIN route_target t ON t.agency_code = a.code "
                     + "WHERE t.kind = 'TRUNK' AND a.code IN ('PNP', 'CGBVP', 'SAMU', 'LINEA100')")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(4);
        }
    }
}
