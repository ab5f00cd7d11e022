package pe.centralunica.console.live;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * When to look again at a screen pop shown before its records reached PostgreSQL. The node ships call records in
 * batches (~0.2–2 s after the IVR wrote them, longer while PostgreSQL is slow or down), so a dispatcher answering
 * quickly may get a pop with no call record or incident yet. Such a pop is rebuilt on this schedule until it has its
 * incident — a few reads per such pop, never a poll per dispatcher — and each rebuild that found more is pushed as
 * {"type":"popUpdate"}.
 */
final class PopRefresh {

    /** Delays between rebuilds (ms): the first ones inside the usual shipping time, the last ~19 s after the pop. */
    static final List<Long> DELAYS_MS = List.of(300L, 600L, 1_200L, 2_400L, 4_800L, 9_600L);

    private PopRefresh() {
    }

    /** Nothing more to wait for: the pop has its incident (and with it the district and type facts). */
    static boolean complete(JsonObject pop) {
        return pop.getJsonObject("incident") != null || pop.containsKey("error");
    }

    /** {@code fresh} knows more than {@code shown}: a call record or an incident the shown pop lacked. */
    static boolean gained(JsonObject shown, JsonObject fresh) {
        return (shown.getJsonObject("call") == null && fresh.getJsonObject("call") != null)
                || (shown.getJsonObject("incident") == null && fresh.getJsonObject("incident") != null);
    }
}
