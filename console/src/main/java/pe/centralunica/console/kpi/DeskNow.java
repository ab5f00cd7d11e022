package pe.centralunica.console.kpi;

import io.vertx.core.json.JsonObject;

/** One central's or agency desk's live state: callers waiting for a person, the longest since arrival, dispatchers. */
record DeskNow(String agency, int waiting, long longestWaitSeconds, int free, int busy, int paused) {

    public JsonObject json() {
        return new JsonObject().put("agency", agency).put("waiting", waiting).put("longestWaitSeconds", longestWaitSeconds)
                .put("free", free).put("busy", busy).put("paused", paused);
    }
}
