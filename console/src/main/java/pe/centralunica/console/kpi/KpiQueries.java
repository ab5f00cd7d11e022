package pe.centralunica.console.kpi;

import pe.centralunica.console.store.Jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The KPI figures, aggregated in PostgreSQL from the per-call facts of V60__kpi.sql: live from the {@code kpi_call}
 * view (the wallboard: today's calls), for reports from the day roll-ups in {@code kpi_day}. Runs on the console's
 * pool, never on the call path.
 */
public final class KpiQueries {

    private static final String FIGURES = """
            count(*),
            count(*) FILTER (WHERE offered AND (answered_at IS NOT NULL OR abandoned)),
            count(*) FILTER (WHERE answer_s <= 15),
            count(*) FILTER (WHERE answer_s <= 20),
            count(*) FILTER (WHERE abandoned),
            count(*) FILTER (WHERE improper),
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ivr_s),
            percentile_cont(0.9) WITHIN GROUP (ORDER BY ivr_s)""";

    private final Jdbc jdbc;
    private final ZoneId zone;

    public KpiQueries(Jdbc jdbc, ZoneId zone) {
        this.jdbc = jdbc;
        this.zone = zone;
    }

    /** Every call that arrived in [from, to), live from the timelines (key ""). */
    public KpiFigures live(Instant from, Instant to) {
        return jdbc.tx("reading live KPIs", tx -> tx.one("SELECT '', " + FIGURES
                + " FROM kpi_call WHERE arrived_at >= ? AND arrived_at < ?", KpiQueries::figures, ts(from), ts(to))).orElseThrow();
    }

    /** The same per central (key: agency code, "-" for calls that never reached a queue). */
    public List<KpiFigures> liveByCentral(Instant from, Instant to) {
        return grouped("kpi_call", KpiDimension.CENTRAL, from, to);
    }

    /** The city and each central in one pass over the view (the wallboard's query): the city is key "". */
    public LiveFigures liveCityAndCentrals(Instant from, Instant to) {
        List<KpiFigures> rows = jdbc.tx("reading live KPIs", tx -> tx.list("SELECT CASE WHEN grouping(coalesce(central, '-')) = 1"
                + " THEN '' ELSE coalesce(central, '-') END, " + FIGURES + " FROM kpi_call WHERE arrived_at >= ? AND arrived_at < ?"
                + " GROUP BY GROUPING SETS ((coalesce(central, '-')), ()) ORDER BY 1", KpiQueries::figures, ts(from), ts(to)));
        KpiFigures city = rows.stream().filter(f -> f.key().isEmpty()).findFirst()
                .orElse(new KpiFigures("", 0, 0, 0, 0, 0, 0, null, null));
        return new LiveFigures(city, rows.stream().filter(f -> !f.key().isEmpty()).toList());
    }

    /** Today's figures for the whole city and per central. */
    public record LiveFigures(KpiFigures city, List<KpiFigures> byCentral) {
    }

    /**
     * A report over whole local days [from, to] from the day roll-ups (ended calls), grouped by {@code by}, ordered
     * by key. IVR percentiles come from whole-second histograms: exact for whole seconds, otherwise within a second.
     */
    public List<KpiFigures> report(LocalDate from, LocalDate to, KpiDimension by) {
        String dimension = by == KpiDimension.DAY ? "ALL" : by.name();
        Map<String, Partial> groups = new TreeMap<>();
        jdbc.tx("reading a KPI report by " + by.lower(), tx -> tx.list("""
                SELECT day, key, calls, settled, within15, within20, abandoned, improper, ivr_secs, ivr_counts
                  FROM kpi_day WHERE dimension = ? AND day BETWEEN ? AND ?""", rs -> {
            String key = by == KpiDimension.DAY ? rs.getObject(1, LocalDate.class).toString() : rs.getString(2);
            groups.computeIfAbsent(key, Partial::new).add(rs);
            return null;
        }, dimension, from, to));
        return groups.values().stream().map(Partial::figures).toList();
    }

    /** The whole range of a report in one row (key ""). */
    public KpiFigures reportTotal(LocalDate from, LocalDate to) {
        Partial all = new Partial("");
        jdbc.tx("reading a KPI report", tx -> tx.list("""
                SELECT day, key, calls, settled, within15, within20, abandoned, improper, ivr_secs, ivr_counts
                  FROM kpi_day WHERE dimension = 'ALL' AND day BETWEEN ? AND ?""", rs -> {
            all.add(rs);
            return null;
        }, from, to));
        return all.figures();
    }

    /** One group's sums over the days it spans. */
    private static final class Partial {
        private final String key;
        private long calls;
        private long settled;
        private long within15;
        private long within20;
        private long abandoned;
        private long improper;
        private final IvrHistogram ivr = new IvrHistogram();

        Partial(String key) {
            this.key = key;
        }

        void add(ResultSet rs) throws SQLException {
            calls += rs.getInt(3);
            settled += rs.getInt(4);
            within15 += rs.getInt(5);
            within20 += rs.getInt(6);
            abandoned += rs.getInt(7);
            improper += rs.getInt(8);
            ivr.add((Integer[]) rs.getArray(9).getArray(), (Integer[]) rs.getArray(10).getArray());
        }

        KpiFigures figures() {
            return new KpiFigures(key, calls, settled, within15, within20, abandoned, improper, ivr.percentile(0.5), ivr.percentile(0.9));
        }
    }

    private List<KpiFigures> grouped(String source, KpiDimension by, Instant from, Instant to) {
        List<Object> params = new ArrayList<>();
        if (by.zoned()) {
            params.add(zone.getId());
        }
        params.add(ts(from));
        params.add(ts(to));
        // source and the key expression are constants of this class, never request text
        String sql = "SELECT " + by.sql() + ", " + FIGURES + " FROM " + source
                + " WHERE arrived_at >= ? AND arrived_at < ? GROUP BY 1 ORDER BY 1";
        return jdbc.tx("reading KPIs by " + by.lower(), tx -> tx.list(sql, KpiQueries::figures, params.toArray()));
    }

    private static KpiFigures figures(ResultSet rs) throws SQLException {
        return new KpiFigures(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                rs.getLong(7), (Double) rs.getObject(8), (Double) rs.getObject(9));
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }
}
