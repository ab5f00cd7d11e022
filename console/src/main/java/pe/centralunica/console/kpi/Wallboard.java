package pe.centralunica.console.kpi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The supervisors' wall screen: each desk's live state next to today's figures (since local midnight). */
public final class Wallboard {

    private final LiveDesks desks;
    private final KpiQueries kpis;
    private final ZoneId zone;

    public Wallboard(LiveDesks desks, KpiQueries kpis, ZoneId zone) {
        this.desks = desks;
        this.kpis = kpis;
        this.zone = zone;
    }

    public JsonObject now() {
        Instant now = Instant.now();
        Instant midnight = LocalDate.now(zone).atStartOfDay(zone).toInstant();
        Map<String, DeskNow> live = new HashMap<>();
        for (DeskNow d : desks.now(now)) {
            live.put(d.agency(), d);
        }
        KpiQueries.LiveFigures figures = kpis.liveCityAndCentrals(midnight, now);
        Map<String, KpiFigures> today = new HashMap<>();
        for (KpiFigures f : figures.byCentral()) {
            today.put(f.key(), f);
        }
        TreeSet<String> agencies = new TreeSet<>(live.keySet());
        agencies.addAll(today.keySet());
        JsonArray rows = new JsonArray();
        for (String a : agencies) {
            DeskNow d = live.getOrDefault(a, new DeskNow(a, 0, 0, 0, 0, 0));
            KpiFigures f = today.getOrDefault(a, new KpiFigures(a, 0, 0, 0, 0, 0, 0, null, null));
            rows.add(d.json().put("today", f.json()));
        }
        List<DeskNow> all = List.copyOf(live.values());
        return new JsonObject()
                .put("at", now.toString())
                .put("since", midnight.toString())
                .put("targets", new JsonObject().put("within15", KpiFigures.TARGET_15S).put("within20", KpiFigures.TARGET_20S))
                .put("city", new DeskNow("", all.stream().mapToInt(DeskNow::waiting).sum(),
                        all.stream().mapToLong(DeskNow::longestWaitSeconds).max().orElse(0),
                        all.stream().mapToInt(DeskNow::free).sum(), all.stream().mapToInt(DeskNow::busy).sum(),
                        all.stream().mapToInt(DeskNow::paused).sum()).json().put("today", figures.city().json()))
                .put("desks", rows);
    }
}
