package pe.centralunica.console.bench;

import pe.centralunica.console.kpi.KpiDimension;
import pe.centralunica.console.kpi.KpiQueries;
import pe.centralunica.console.kpi.KpiRollup;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * A year of calls at Lima's scale and what the supervisors' queries cost on it. Generates N calls (default 1,500,000)
 * over the 365 days up to now, each with its event timeline (arrival, triage, queue, answer or abandonment, hang-up;
 * IVR hang-ups, pranks, silent calls and test calls in the seeded mix), rolls them up, then prints the wallboard's
 * query time (today's calls, live from the timelines) and each report over the whole year. Run: app/SUPERVISORS.md.
 */
public final class SupervisorBench {

    private static final ZoneId LIMA = ZoneId.of("America/Lima");

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1_500_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 365;
        try (Database db = TestDatabases.fresh()) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            long t0 = System.nanoTime();
            generate(db, calls, days);
            long events = jdbc.tx("count", tx -> tx.one("SELECT count(*) FROM call_event", rs -> rs.getLong(1))).orElseThrow();
            System.out.printf("generated %,d calls with %,d timeline events in %.1f s%n", calls, events, secs(t0));

            t0 = System.nanoTime();
            int rows = new KpiRollup(jdbc, java.time.ZoneId.of("America/Lima")).refreshSince(Instant.EPOCH);
            System.out.printf("first roll-up of ended calls into kpi_call_fact: %,d rows in %.1f s%n", rows, secs(t0));
            t0 = System.nanoTime();
            int window = new KpiRollup(jdbc, java.time.ZoneId.of("America/Lima")).refreshSince(Instant.now().minusSeconds(2 * 86400));
            System.out.printf("periodic roll-up (last 2 days): %,d rows in %.0f ms%n", window, secs(t0) * 1000);
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE kpi_call_fact");
                s.execute("ANALYZE call");
                s.execute("ANALYZE call_event");
            }

            KpiQueries kpis = new KpiQueries(jdbc, LIMA);
            Instant now = Instant.now();
            Instant midnight = LocalDate.now(LIMA).atStartOfDay(LIMA).toInstant();
            long[] board = time(20, () -> kpis.liveCityAndCentrals(midnight, now));
            long today = kpis.live(midnight, now).calls();
            System.out.printf("wallboard (today's %,d calls, live from timelines, city + per central): median %.0f ms, max %.0f ms over 20%n",
                    today, board[board.length / 2] / 1e6, board[board.length - 1] / 1e6);

            Instant dayAgo = now.minusSeconds(86400);
            long[] fullDay = time(20, () -> kpis.liveCityAndCentrals(dayAgo, now));
            System.out.printf("wallboard over a full day (last 24 h: %,d calls): median %.0f ms, max %.0f ms over 20%n",
                    kpis.live(dayAgo, now).calls(), fullDay[fullDay.length / 2] / 1e6, fullDay[fullDay.length - 1] / 1e6);

            LocalDate lastDay = LocalDate.now(LIMA);
            LocalDate yearAgo = lastDay.minusDays(365);
            long[] total = time(3, () -> kpis.reportTotal(yearAgo, lastDay));
            System.out.printf("report over the year, total:        median %4.0f ms, max %4.0f ms%n", total[1] / 1e6, total[2] / 1e6);
            for (KpiDimension by : KpiDimension.values()) {
                long[] t = time(3, () -> kpis.report(yearAgo, lastDay, by));
                System.out.printf("report over the year, by %-9s median %4.0f ms, max %4.0f ms (%d rows)%n", by.lower() + ":",
                        t[1] / 1e6, t[2] / 1e6, kpis.report(yearAgo, lastDay, by).size());
            }
            long[] month = time(3, () -> kpis.report(lastDay.minusDays(30), lastDay, KpiDimension.DAY));
            System.out.printf("report over the last month, by day: median %4.0f ms%n", month[1] / 1e6);
        }
    }

    /** The whole year in two INSERT … SELECT statements: calls in arrival order, then their timelines. */
    private static void generate(Database db, int calls, int days) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET work_mem = '256MB'");
            s.execute("""
                    CREATE TEMP TABLE bench_call AS
                    WITH ref AS (
                        SELECT (SELECT array_agg(substr(asterisk_name, 5)) FROM route_target WHERE asterisk_name LIKE 'ser-%') AS districts,
                               (SELECT array_agg(code) FROM emergency_type) AS types
                    ), raw AS (
                        SELECT i, random() AS kind, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
                               -- day uniform over the year; time of day peaking in the afternoon and evening (Lima = UTC-5)
                               date_trunc('day', now() - (floor(random() * :days) || ' days')::interval)
                                   + ((((random() + random()) / 2 + 0.45) * 86400)::int % 86400 || ' seconds')::interval AS arrived_at
                          FROM generate_series(1, :calls) i
                    )
                    SELECT gen_random_uuid() AS id, i, arrived_at, kind,
                           ref.districts[1 + floor(r1 * cardinality(ref.districts))::int] AS district,
                           ref.types[1 + floor(r2 * cardinality(ref.types))::int] AS type,
                           CASE WHEN r3 < 0.9 THEN 'es' WHEN r3 < 0.98 THEN 'qu' ELSE 'en' END AS language,
                           3 + r4 * 14 AS ivr_s,
                           r1 * r2 * 45 AS wait_s,
                           60 + r3 * 240 AS talk_s,
                           r4 < 0.4 AS to_metro
                      FROM raw, ref
                     WHERE arrived_at < now() - interval '10 minutes'
                    """.replace(":calls", Integer.toString(calls)).replace(":days", Integer.toString(days)));
            // kind: < .07 hung up in the IVR; < .15 abandoned in the queue; < .18 prank; < .20 silent without incident;
            //       < .205 test call; the rest answered
            s.execute("""
                    INSERT INTO call (id, asterisk_uniqueid, caller_number, dialled_number, test_call, language, caller_class,
                                      emergency_type_code, district_ubigeo, outcome, prank, arrived_at, answered_at, ended_at)
                    SELECT id, '1600000000.' || i, '9' || lpad((i % 90000000)::text, 8, '0'), '911', kind >= .20 AND kind < .205,
                           language, CASE WHEN kind >= .18 AND kind < .20 THEN 'SILENT' ELSE 'NORMAL' END, type, district,
                           CASE WHEN kind < .15 THEN 'ABANDONED' ELSE 'ANSWERED' END, kind >= .15 AND kind < .18, arrived_at,
                           CASE WHEN kind >= .15 THEN arrived_at + ((ivr_s + wait_s) || ' s')::interval END,
                           arrived_at + (CASE WHEN kind < .07 THEN ivr_s / 2 WHEN kind < .15 THEN ivr_s + wait_s + 10
                                              ELSE ivr_s + wait_s + talk_s END || ' s')::interval
                      FROM bench_call ORDER BY arrived_at
                    """);
            s.execute("""
                    INSERT INTO call_event (event_id, call_id, seq, at, type, data)
                    SELECT gen_random_uuid(), b.id, e.seq, b.arrived_at + (e.offset_s || ' s')::interval, e.type, e.data::jsonb
                      FROM bench_call b
                      CROSS JOIN LATERAL (VALUES
                          (0, 0.0, 'ARRIVED', '{}'),
                          (1, CASE WHEN b.kind < .07 THEN NULL ELSE b.ivr_s - 1 END, 'TRIAGED', '{}'),
                          (2, CASE WHEN b.kind < .07 THEN NULL ELSE b.ivr_s END, 'QUEUE_JOINED',
                              '{"queue":"' || CASE WHEN b.to_metro THEN 'cic-sc' ELSE 'ser-' || b.district END || '"}'),
                          (3, CASE WHEN b.kind < .07 THEN NULL WHEN b.kind < .15 THEN b.ivr_s + b.wait_s + 10 ELSE b.ivr_s + b.wait_s END,
                              CASE WHEN b.kind < .15 THEN 'ABANDONED' ELSE 'ANSWERED' END, '{}'),
                          (4, CASE WHEN b.kind < .07 THEN b.ivr_s / 2 WHEN b.kind < .15 THEN b.ivr_s + b.wait_s + 10
                                   ELSE b.ivr_s + b.wait_s + b.talk_s END, 'HUNG_UP', '{}')
                      ) AS e(seq, offset_s, type, data)
                     WHERE e.offset_s IS NOT NULL
                     ORDER BY b.arrived_at
                    """);
        }
    }

    private static long[] time(int runs, Runnable work) {
        work.run(); // warm
        long[] t = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            work.run();
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        return t;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
