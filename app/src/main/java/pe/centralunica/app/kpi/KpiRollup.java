package pe.centralunica.app.kpi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.app.store.Jdbc;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Copies the per-call facts of ended calls from the {@code kpi_call} view into {@code kpi_call_fact}, so reports read
 * one narrow row per call instead of every timeline. Re-reads a trailing window each time: a prank mark set or removed
 * within it, or a late journal replay, is picked up; older changes need {@link #refreshSince(Instant)} by hand.
 */
public final class KpiRollup {

    private static final Logger LOG = LoggerFactory.getLogger(KpiRollup.class);

    private static final String UPSERT = """
            INSERT INTO kpi_call_fact (call_id, arrived_at, ended_at, district_ubigeo, emergency_type_code, language, central,
                                       queued_at, answered_at, offered, answer_s, ivr_s, abandoned, improper)
            SELECT call_id, arrived_at, ended_at, district_ubigeo, emergency_type_code, language, central,
                   queued_at, answered_at, offered, answer_s, ivr_s, abandoned, improper
              FROM kpi_call WHERE ended_at IS NOT NULL AND arrived_at >= ?
            ON CONFLICT (call_id) DO UPDATE SET ended_at = excluded.ended_at, district_ubigeo = excluded.district_ubigeo,
                emergency_type_code = excluded.emergency_type_code, language = excluded.language, central = excluded.central,
                queued_at = excluded.queued_at, answered_at = excluded.answered_at, offered = excluded.offered,
                answer_s = excluded.answer_s, ivr_s = excluded.ivr_s, abandoned = excluded.abandoned, improper = excluded.improper
            """;

    private final Jdbc jdbc;

    public KpiRollup(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Rolls up ended calls that arrived since {@code since}; returns how many rows were written. */
    public int refreshSince(Instant since) {
        long started = System.nanoTime();
        int rows = jdbc.tx("rolling up KPI facts", tx -> tx.update(UPSERT, Timestamp.from(since)));
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
