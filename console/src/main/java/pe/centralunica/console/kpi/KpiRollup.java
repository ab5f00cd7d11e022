package pe.centralunica.console.kpi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.console.store.Jdbc;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copies the per-call facts of ended calls from the {@code kpi_call} view into {@code kpi_call_fact}, so reports read
 * one narrow row per call instead of every timeline. Re-reads a trailing window each time: a prank mark set or removed
 * within it, or a late journal replay, is picked up; older changes need {@link #refreshSince(Instant)} by hand. Rows go
 * in arrival order, so the table stays physically ordered by time and its BRIN index prunes date ranges.
 */
public final class KpiRollup {

    private static final Logger LOG = LoggerFactory.getLogger(KpiRollup.class);

    private static final String UPSERT = """
            INSERT INTO kpi_call_fact (call_id, arrived_at, ended_at, district_ubigeo, emergency_type_code, language, central,
                                       queued_at, answered_at, offered, answer_s, ivr_s, abandoned, improper)
            SELECT call_id, arrived_at, ended_at, district_ubigeo, emergency_type_code, language, central,
                   queued_at, answered_at, offered, answer_s, ivr_s, abandoned, improper
              FROM kpi_call WHERE ended_at IS NOT NULL AND arrived_at >= ?
             ORDER BY arrived_at
            ON CONFLICT (call_id) DO UPDATE SET ended_at = excluded.ended_at, district_ubigeo = excluded.district_ubigeo,
                emergency_type_code = excluded.emergency_type_code, language = excluded.language, central = excluded.central,
                queued_at = excluded.queued_at, answered_at = excluded.answered_at, offered = excluded.offered,
                answer_s = excluded.answer_s, ivr_s = excluded.ivr_s, abandoned = excluded.abandoned, improper = excluded.improper
            """;

    /** Each kpi_day dimension with its key over {@code f} (the facts with {@code local}, arrival in the centre's zone). */
    private static final Map<String, String> DAY_KEYS = new LinkedHashMap<>();

    static {
        DAY_KEYS.put("ALL", "''");
        DAY_KEYS.put("HOUR", "to_char(local, 'HH24')");
        DAY_KEYS.put("CENTRAL", "coalesce(central, '-')");
        DAY_KEYS.put("DISTRICT", "coalesce(district_ubigeo, '-')");
        DAY_KEYS.put("TYPE", "coalesce(emergency_type_code, '-')");
        DAY_KEYS.put("LANGUAGE", "coalesce(language, '-')");
    }

    private static final String DAY_ROLLUP = """
            INSERT INTO kpi_day (day, dimension, key, calls, settled, within15, within20, abandoned, improper, ivr_secs, ivr_counts)
            WITH f AS (
                SELECT *, arrived_at AT TIME ZONE ? AS local FROM kpi_call_fact WHERE arrived_at >= ?
            ), c AS (
                SELECT local::date AS day, :key AS key, count(*) AS calls,
                       count(*) FILTER (WHERE offered AND (answered_at IS NOT NULL OR abandoned)) AS settled,
                       count(*) FILTER (WHERE answer_s <= 15) AS within15, count(*) FILTER (WHERE answer_s <= 20) AS within20,
                       count(*) FILTER (WHERE abandoned) AS abandoned, count(*) FILTER (WHERE improper) AS improper
                  FROM f GROUP BY 1, 2
            ), h AS (
                SELECT local::date AS day, :key AS key, floor(ivr_s)::int AS sec, count(*)::int AS n
                  FROM f WHERE ivr_s IS NOT NULL GROUP BY 1, 2, 3
            ), ha AS (
                SELECT day, key, array_agg(sec ORDER BY sec) AS secs, array_agg(n ORDER BY sec) AS ns FROM h GROUP BY 1, 2
            )
            SELECT c.day, ?, c.key, c.calls, c.settled, c.within15, c.within20, c.abandoned, c.improper,
                   coalesce(ha.secs, '{}'), coalesce(ha.ns, '{}')
              FROM c LEFT JOIN ha ON ha.day = c.day AND ha.key = c.key
            """;

    private final Jdbc jdbc;
    private final ZoneId zone;

    public KpiRollup(Jdbc jdbc, ZoneId zone) {
        this.jdbc = jdbc;
        this.zone = zone;
    }

    /**
     * Rolls up ended calls that arrived since {@code since}, then rebuilds the day roll-ups from that local day on;
     * returns how many call rows were written.
     */
    public int refreshSince(Instant since) {
        long started = System.nanoTime();
        LocalDate firstDay = since.atZone(zone).toLocalDate();
        Timestamp dayStart = Timestamp.from(firstDay.atStartOfDay(zone).toInstant());
        int rows = jdbc.tx("rolling up KPI facts", tx -> {
            // every node runs this job; one at a time does the work, the others skip this tick
            if (!tx.one("SELECT pg_try_advisory_xact_lock(hashtext('cu_kpi_rollup'))", rs -> rs.getBoolean(1)).orElse(false)) {
                return 0;
            }
            int n = tx.update(UPSERT, Timestamp.from(since));
            tx.update("DELETE FROM kpi_day WHERE day >= ?", firstDay);
            for (Map.Entry<String, String> d : DAY_KEYS.entrySet()) {
                tx.update(DAY_ROLLUP.replace(":key", d.getValue()), zone.getId(), dayStart, d.getKey());
            }
            return n;
        });
        LOG.debug("KPI roll-up: {} call(s) since {} in {} ms", rows, since, (System.nanoTime() - started) / 1_000_000);
        return rows;
    }

    /** The periodic step: the last {@code window} of calls (everything on a first run, when the table is empty). */
    public int refresh(Duration window) {
        boolean empty = jdbc.tx("checking KPI facts", tx -> tx.one("SELECT NOT EXISTS (SELECT 1 FROM kpi_call_fact)",
                rs -> rs.getBoolean(1))).orElse(true);
        return refreshSince(empty ? Instant.EPOCH : Instant.now().minus(window));
    }
}
