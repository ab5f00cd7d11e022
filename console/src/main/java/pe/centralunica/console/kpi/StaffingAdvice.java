package pe.centralunica.console.kpi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.console.store.Jdbc;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Dispatchers Erlang C says each central needs per hour of the coming week to answer 90% within 15 s: the arrival
 * rate of an hour is the mean of the same weekday and hour over the last {@link #WEEKS} weeks (calls offered to
 * people), the handle time the central's mean talk time (answer → end) over the same weeks. Shown next to how many
 * dispatchers are logged in now.
 */
public final class StaffingAdvice {

    static final int WEEKS = 4;
    static final double TARGET_SECONDS = 15;
    static final double TARGET_SHARE = 0.90;
    /** Used while a central has no answered call to measure (3 minutes, the demo's talk time). */
    static final double DEFAULT_HANDLE_SECONDS = 180;

    private final Jdbc jdbc;
    private final LiveDesks desks;
    private final ZoneId zone;

    public StaffingAdvice(Jdbc jdbc, LiveDesks desks, ZoneId zone) {
        this.jdbc = jdbc;
        this.desks = desks;
        this.zone = zone;
    }

    public JsonArray comingWeek(Instant now) {
        Instant from = now.minus(Duration.ofDays(7L * WEEKS));
        Timestamp f = Timestamp.from(from);
        Timestamp t = Timestamp.from(now);
        // central → "isodow:hour" → calls offered over the weeks
        Map<String, Map<String, Long>> arrivals = new TreeMap<>();
        jdbc.tx("reading arrival rates", tx -> tx.list("""
                SELECT central, extract(isodow FROM arrived_at AT TIME ZONE ?)::int, extract(hour FROM arrived_at AT TIME ZONE ?)::int,
                       count(*)
                  FROM kpi_call_fact WHERE arrived_at >= ? AND arrived_at < ? AND offered AND central IS NOT NULL
                 GROUP BY 1, 2, 3""", rs -> {
            arrivals.computeIfAbsent(rs.getString(1), c -> new TreeMap<>()).put(rs.getInt(2) + ":" + rs.getInt(3), rs.getLong(4));
            return null;
        }, zone.getId(), zone.getId(), f, t));
        Map<String, Double> handle = jdbc.tx("reading handle times", tx -> tx.list("""
                SELECT central, avg(extract(epoch FROM ended_at - answered_at))
                  FROM kpi_call_fact WHERE arrived_at >= ? AND arrived_at < ? AND answered_at IS NOT NULL AND central IS NOT NULL
                 GROUP BY 1""", rs -> Map.entry(rs.getString(1), rs.getDouble(2)), f, t))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<String, DeskNow> live = desks.now(now).stream().collect(Collectors.toMap(DeskNow::agency, Function.identity()));
        JsonArray out = new JsonArray();
        for (var central : arrivals.entrySet()) {
            double aht = handle.getOrDefault(central.getKey(), DEFAULT_HANDLE_SECONDS);
            JsonArray hours = new JsonArray();
            for (int dow = 1; dow <= 7; dow++) {
                for (int hour = 0; hour < 24; hour++) {
                    double perHour = central.getValue().getOrDefault(dow + ":" + hour, 0L) / (double) WEEKS;
                    hours.add(new JsonObject().put("dow", dow).put("hour", hour)
                            .put("callsPerHour", Math.round(perHour * 10) / 10.0)
                            .put("needed", ErlangC.agentsNeeded(perHour, aht, TARGET_SECONDS, TARGET_SHARE)));
                }
            }
            DeskNow d = live.get(central.getKey());
            out.add(new JsonObject().put("central", central.getKey()).put("handleSeconds", Math.round(aht))
                    .put("loggedInNow", d == null ? 0 : d.free() + d.busy() + d.paused())
                    .put("hours", hours));
        }
        return out;
    }

}
