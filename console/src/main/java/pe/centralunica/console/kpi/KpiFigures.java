package pe.centralunica.console.kpi;

import io.vertx.core.json.JsonObject;

/**
 * The supervisors' figures for one group of calls (a central, a day, a district…), counted by the definitions in
 * V60__kpi.sql. Rates are over <em>settled</em> offered calls (answered, or abandoned in the queue): a call still
 * waiting counts once its fate is known.
 *
 * @param key       the group (central code, day, hour, district, type, language; "" for all)
 * @param calls     non-test calls that arrived
 * @param settled   calls offered to people that were answered or abandoned
 * @param within15  answered within 15 s of arrival
 * @param within20  answered within 20 s of arrival
 * @param abandoned offered, never answered, ended
 * @param improper  prank-marked, silent without incident, or hung up in the IVR
 * @param ivrP50    median seconds from arrival to the queue (null without queued calls)
 * @param ivrP90    90th percentile of the same
 */
public record KpiFigures(String key, long calls, long settled, long within15, long within20, long abandoned, long improper,
                         Double ivrP50, Double ivrP90) {

    /** NENA-STA-020: 90% of calls answered within 15 s … */
    public static final double TARGET_15S = 90.0;
    /** … and 95% within 20 s. */
    public static final double TARGET_20S = 95.0;

    public Double percentWithin15() {
        return percent(within15, settled);
    }

    public Double percentWithin20() {
        return percent(within20, settled);
    }

    public Double abandonmentPercent() {
        return percent(abandoned, settled);
    }

    public Double improperPercent() {
        return percent(improper, calls);
    }

    private static Double percent(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 1000.0 / whole) / 10.0;
    }

    public JsonObject json() {
        return new JsonObject().put("key", key).put("calls", calls).put("settled", settled)
                .put("within15", within15).put("within20", within20).put("abandoned", abandoned).put("improper", improper)
                .put("pctWithin15", percentWithin15()).put("pctWithin20", percentWithin20())
                .put("abandonPct", abandonmentPercent()).put("improperPct", improperPercent())
                .put("ivrP50", round(ivrP50)).put("ivrP90", round(ivrP90));
    }

    private static Double round(Double seconds) {
        return seconds == null ? null : Math.round(seconds * 10.0) / 10.0;
    }
}
