package pe.centralunica.console.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import pe.centralunica.console.kpi.Hotspots;
import pe.centralunica.console.kpi.KpiDimension;
import pe.centralunica.console.kpi.KpiFigures;
import pe.centralunica.console.kpi.KpiQueries;
import pe.centralunica.console.kpi.StaffingAdvice;
import pe.centralunica.console.kpi.Wallboard;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The supervisors' surface: the wallboard's data, reports (JSON and CSV) over any date range, staffing advice, and
 * the charting library the reports page draws with (Chart.js from its WebJar: no CDN is reachable from a centre).
 */
final class SupervisorRoutes {

    /** A report covers at most this many days (a year and a leap day, with room). */
    static final int MAX_DAYS = 400;
    private static final String[] CSV_HEADER = {"group", "calls", "settled", "answered_within_15s", "answered_within_20s",
            "pct_within_15s", "pct_within_20s", "abandoned", "abandoned_pct", "improper", "improper_pct",
            "ivr_p50_s", "ivr_p90_s"};

    private final Wallboard wallboard;
    private final KpiQueries kpis;
    private final StaffingAdvice staffing;
    private final Hotspots hotspots;
    private final BlockingCalls blocking;
    private final ZoneId zone;

    SupervisorRoutes(Wallboard wallboard, KpiQueries kpis, StaffingAdvice staffing, Hotspots hotspots, BlockingCalls blocking,
                     ZoneId zone) {
        this.wallboard = wallboard;
        this.kpis = kpis;
        this.staffing = staffing;
        this.hotspots = hotspots;
        this.blocking = blocking;
        this.zone = zone;
    }

    void mount(ApiRouter api) {
        api.get("/api/wallboard", Access.SUPERVISOR, "Wallboard: each desk's callers waiting, dispatchers and today's KPIs",
                ctx -> wallboard.now());
        api.get("/api/reports", Access.SUPERVISOR,
                "KPI report (?from=YYYY-MM-DD&to=YYYY-MM-DD&by=day|hour|central|district|type|language)", this::report);
        api.raw(HttpMethod.GET, "/api/reports.csv", Access.SUPERVISOR, "The same report as CSV", this::csv);
        api.get("/api/staffing", Access.SUPERVISOR,
                "Dispatchers needed (Erlang C, 90% within 15 s) per central and hour of the coming week", ctx -> staffing.comingWeek(Instant.now()));
        api.get("/api/hotspots", Access.SUPERVISOR,
                "Incidents by district and hour of the week with the expected count and its measured error (?type=CRIME)",
                ctx -> hotspots.comingWeek(Instant.now(), type(ctx)));
        api.raw(HttpMethod.GET, "/console/vendor/chartjs/*", Access.PUBLIC, "Chart.js 4.4.1 (charts, from its WebJar)",
                StaticHandler.create("META-INF/resources/webjars/chart.js/4.4.1/dist").setCachingEnabled(true)
                        .setDirectoryListing(false));
    }

    /** The period and grouping a report asks for. */
    record Range(LocalDate from, LocalDate to, KpiDimension by) {
    }

    private Range range(RoutingContext ctx) {
        LocalDate today = LocalDate.now(zone);
        LocalDate to = date(ctx, "to", today);
        LocalDate from = date(ctx, "from", to.minusDays(6));
        if (from.isAfter(to)) {
            throw new BadRequestException("'from' (" + from + ") is after 'to' (" + to + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new BadRequestException("a report covers at most " + MAX_DAYS + " days; narrow 'from'/'to'");
        }
        String by = ctx.queryParams().get("by");
        return new Range(from, to, by == null ? KpiDimension.DAY : KpiDimension.parse(by));
    }

    private static java.util.Optional<String> type(RoutingContext ctx) {
        String raw = ctx.queryParams().get("type");
        if (raw == null || raw.isBlank()) {
            return java.util.Optional.empty();
        }
        if (!raw.trim().matches("[A-Z_]{2,30}")) {
            throw new BadRequestException("'type' must be an emergency type code such as CRIME, not '" + raw + "'");
        }
        return java.util.Optional.of(raw.trim());
    }

    private static LocalDate date(RoutingContext ctx, String name, LocalDate fallback) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("'" + name + "' must be a date like 2026-03-01, not '" + raw + "'");
        }
    }

    private JsonObject report(RoutingContext ctx) {
        Range r = range(ctx);
        long started = System.nanoTime();
        List<KpiFigures> rows = kpis.report(r.from(), r.to(), r.by());
        KpiFigures total = kpis.reportTotal(r.from(), r.to());
        JsonArray out = new JsonArray();
        rows.forEach(f -> out.add(f.json()));
        return new JsonObject().put("from", r.from().toString()).put("to", r.to().toString()).put("by", r.by().lower())
                .put("rows", out).put("total", total.json()).put("millis", (System.nanoTime() - started) / 1_000_000);
    }

    private void csv(RoutingContext ctx) {
        Range r;
        try {
            r = range(ctx);
        } catch (RuntimeException e) {
            ctx.fail(e);
            return;
        }
        blocking.run(() -> csvText(kpis.report(r.from(), r.to(), r.by()))).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("Content-Disposition", "attachment; filename=\"central-unica-" + r.by().lower() + "-"
                            + r.from() + "-" + r.to() + ".csv\"")
                    .end(ar.result());
        });
    }

    static String csvText(List<KpiFigures> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).get())) {
            for (KpiFigures f : rows) {
                csv.printRecord(f.key(), f.calls(), f.settled(), f.within15(), f.within20(), f.percentWithin15(),
                        f.percentWithin20(), f.abandoned(), f.abandonmentPercent(), f.improper(), f.improperPercent(),
                        f.ivrP50(), f.ivrP90());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
