package pe.centralunica.console.kpi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.console.store.Jdbc;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Incidents by district × hour of the week, with an expectation anyone can check by hand: the coming week's count in
 * a cell is the mean of the same cell over the last {@link #WEEKS} whole weeks. Its error is measured, not assumed:
 * each of the last {@link #HELD_BACK} weeks is predicted from the {@link #WEEKS} weeks before it, and the mean absolute
 * error over those held-back weeks is the "±" ("Friday 22:00, San Juan de Lurigancho: expected 13 ± 2.5").
 */
public final class Hotspots {

    static final int WEEKS = 4;
    static final int HELD_BACK = 4;
    private static final int HOURS = 7 * 24;

    private final Jdbc jdbc;
    private final ZoneId zone;

    public Hotspots(Jdbc jdbc, ZoneId zone) {
        this.jdbc = jdbc;
        this.zone = zone;
    }

    /** The heat table for the week containing {@code now} (from Monday 00:00 local), optionally for one type. */
    public JsonObject comingWeek(Instant now, Optional<String> type) {
        LocalDate monday = now.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        Instant weekStart = monday.atStartOfDay(zone).toInstant();
        int history = WEEKS + HELD_BACK;
        Instant from = monday.minusWeeks(history).atStartOfDay(zone).toInstant();
        // district → counts[weeksBack - 1][hourOfWeek]
        Map<String, int[][]> counts = new TreeMap<>();
        jdbc.tx("reading incidents by hour of week", tx -> tx.list("""
                SELECT district_ubigeo,
                       ((?::date - (created_at AT TIME ZONE ?)::date + 6) / 7)::int AS weeks_back,
                       ((extract(isodow FROM created_at AT TIME ZONE ?)::int - 1) * 24
                           + extract(hour FROM created_at AT TIME ZONE ?)::int) AS how,
                       count(*)
                  FROM incident
                 WHERE created_at >= ? AND created_at < ? AND district_ubigeo IS NOT NULL
                   AND (?::text IS NULL OR emergency_type_code = ?)
                 GROUP BY 1, 2, 3""", rs -> {
            int back = rs.getInt(2);
            if (back >= 1 && back <= history) {
                counts.computeIfAbsent(rs.getString(1), d -> new int[history][HOURS])[back - 1][rs.getInt(3)] = rs.getInt(4);
            }
            return null;
        }, monday, zone.getId(), zone.getId(), zone.getId(), Timestamp.from(from), Timestamp.from(weekStart),
                type.orElse(null), type.orElse(null)));
        JsonArray districts = new JsonArray();
        double cityError = 0;
        for (var d : counts.entrySet()) {
            int[][] c = d.getValue();
            JsonArray cells = new JsonArray();
            double expectedWeek = 0;
            double districtError = 0;
            for (int how = 0; how < HOURS; how++) {
                double expected = mean(c, 0, WEEKS, how);
                double error = 0;
                for (int h = 0; h < HELD_BACK; h++) {
                    error += Math.abs(c[h][how] - mean(c, h + 1, WEEKS, how));
                }
                error /= HELD_BACK;
                expectedWeek += expected;
                districtError += error;
                cells.add(new JsonObject().put("dow", how / 24 + 1).put("hour", how % 24)
                        .put("lastWeek", c[0][how]).put("expected", round(expected)).put("error", round(error)));
            }
            cityError += districtError;
            districts.add(new JsonObject().put("district", d.getKey()).put("expectedWeek", round(expectedWeek))
                    .put("meanAbsoluteError", round(districtError / HOURS)).put("cells", cells));
        }
        return new JsonObject().put("weekStart", monday.toString()).put("weeks", WEEKS).put("heldBack", HELD_BACK)
                .put("type", type.orElse(null))
                .put("meanAbsoluteError", counts.isEmpty() ? null : round(cityError / (HOURS * counts.size())))
                .put("districts", districts);
    }

    /** Mean of {@code n} weeks starting {@code first} weeks back (0 = last week) in one hour-of-week cell. */
    private static double mean(int[][] c, int first, int n, int how) {
        double sum = 0;
        for (int w = first; w < first + n; w++) {
            sum += c[w][how];
        }
        return sum / n;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
