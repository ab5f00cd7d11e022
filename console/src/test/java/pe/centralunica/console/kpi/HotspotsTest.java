package pe.centralunica.console.kpi;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Friday 22:00 in San Juan de Lurigancho over eight weeks, counted by hand: the expectation is the mean of the last four
 * weeks and its error the mean absolute error of the same rule on the four weeks held back before them.
 */
class HotspotsTest {

    private static final ZoneId LIMA = ZoneId.of("America/Lima");
    /** Wednesday 2026-03-11, 09:00 in Lima: the week in progress started Monday 2026-03-09. */
    private static final Instant NOW = LocalDateTime.of(2026, 3, 11, 9, 0).atZone(LIMA).toInstant();
    /** Friday 22:xx counts, last week first: weeks 1…8 back. */
    private static final int[] FRIDAY_22 = {10, 14, 12, 16, 18, 10, 14, 12};

    private static Database db;
    private static Hotspots hotspots;

    @BeforeAll
    static void generate() {
        db = TestDatabases.fresh();
        Jdbc jdbc = new Jdbc(db.dataSource());
        hotspots = new Hotspots(jdbc, LIMA);
        jdbc.tx("incidents", tx -> {
            for (int back = 1; back <= FRIDAY_22.length; back++) {
                LocalDateTime friday = LocalDateTime.of(2026, 3, 6, 22, 0).minusWeeks(back - 1);
                for (int i = 0; i < FRIDAY_22[back - 1]; i++) {
                    tx.update("INSERT INTO incident (emergency_type_code, priority, district_ubigeo, created_at) VALUES (?, 2, '150132', ?)",
                            i % 2 == 0 ? "TRAFFIC" : "CRIME", Timestamp.from(friday.plusMinutes(i).atZone(LIMA).toInstant()));
                }
            }
            // this week's incidents (not yet whole) and one nine weeks back: outside the history
            tx.update("INSERT INTO incident (emergency_type_code, priority, district_ubigeo, created_at) VALUES ('CRIME', 2, '150132', ?)",
                    Timestamp.from(NOW.minusSeconds(3600)));
            tx.update("INSERT INTO incident (emergency_type_code, priority, district_ubigeo, created_at) VALUES ('CRIME', 2, '150132', ?)",
                    Timestamp.from(LocalDateTime.of(2026, 3, 6, 22, 30).minusWeeks(8).atZone(LIMA).toInstant()));
            return null;
        });
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void fridayTenPmIsExpectedAsTheMeanOfFourWeeksWithItsHeldBackError() {
        JsonObject heat = hotspots.comingWeek(NOW, Optional.empty());
        assertThat(heat.getString("weekStart")).isEqualTo("2026-03-09");
        JsonObject sjl = heat.getJsonArray("districts").getJsonObject(0);
        assertThat(sjl.getString("district")).isEqualTo("150132");
        JsonObject cell = cell(sjl, 5, 22);
        assertThat(cell.getInteger("lastWeek")).isEqualTo(10);
        // (10 + 14 + 12 + 16) / 4 = 13
        assertThat(cell.getDouble("expected")).isEqualTo(13.0);
        // held back: |10 − 15| = 5, |14 − 14| = 0, |12 − 14.5| = 2.5, |16 − 13.5| = 2.5 → 10 / 4 = 2.5
        assertThat(cell.getDouble("error")).isEqualTo(2.5);
        assertThat(cell(sjl, 5, 21).getDouble("expected")).isZero();
        assertThat(sjl.getDouble("expectedWeek")).isEqualTo(13.0);
    }

    @Test
    void oneEmergencyTypeCountsOnlyItsIncidents() {
        JsonObject traffic = hotspots.comingWeek(NOW, Optional.of("TRAFFIC"));
        // every other incident is TRAFFIC: ceil(n / 2) of 10, 14, 12, 16 → 5 + 7 + 6 + 8 = 26 / 4 = 6.5
        assertThat(cell(traffic.getJsonArray("districts").getJsonObject(0), 5, 22).getDouble("expected")).isEqualTo(6.5);
    }

    private static JsonObject cell(JsonObject district, int dow, int hour) {
        return district.getJsonArray("cells").stream().map(JsonObject.class::cast)
                .filter(c -> c.getInteger("dow") == dow && c.getInteger("hour") == hour).findFirst().orElseThrow();
    }
}
