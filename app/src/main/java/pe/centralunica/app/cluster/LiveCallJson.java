package pe.centralunica.app.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.router.live.DispatcherState;
import pe.centralunica.router.live.LiveCall;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Live calls and dispatcher states as they cross the cluster's event bus (JSON, times in epoch milliseconds). */
final class LiveCallJson {

    private LiveCallJson() {
    }

    static JsonObject call(LiveCall c) {
        JsonObject vars = new JsonObject();
        c.variables().forEach(vars::put);
        return new JsonObject().put("callId", c.callId().orElse(null)).put("uniqueid", c.uniqueid()).put("linkedid", c.linkedid())
                .put("channel", c.channel()).put("callerNumber", c.callerNumber()).put("dialled", c.dialled())
                .put("state", c.state().name()).put("queue", c.queue().orElse(null))
                .put("queuedAt", c.queuedAt().map(Instant::toEpochMilli).orElse(null))
                .put("answeredBy", c.answeredBy().orElse(null)).put("arrivedAt", c.arrivedAt().toEpochMilli())
                .put("variables", vars);
    }

    static LiveCall call(JsonObject j) {
        Map<String, String> vars = new HashMap<>();
        j.getJsonObject("variables", new JsonObject()).forEach(e -> vars.put(e.getKey(), String.valueOf(e.getValue())));
        return new LiveCall(Optional.ofNullable(j.getString("callId")), j.getString("uniqueid"), j.getString("linkedid"),
                j.getString("channel"), j.getString("callerNumber"), j.getString("dialled"), LiveCall.State.valueOf(j.getString("state")),
                Optional.ofNullable(j.getString("queue")), Optional.ofNullable(j.getLong("queuedAt")).map(Instant::ofEpochMilli),
                Optional.ofNullable(j.getString("answeredBy")), Instant.ofEpochMilli(j.getLong("arrivedAt")), vars);
    }

    static JsonObject dispatcher(DispatcherState d) {
        return new JsonObject().put("iface", d.iface()).put("name", d.name()).put("queue", d.queue()).put("loggedIn", d.loggedIn())
                .put("paused", d.paused()).put("busy", d.busy()).put("onCall", d.onCall().orElse(null));
    }

    static DispatcherState dispatcher(JsonObject j) {
        return new DispatcherState(j.getString("iface"), j.getString("name"), j.getString("queue"), j.getBoolean("loggedIn"),
                j.getBoolean("paused"), j.getBoolean("busy"), Optional.ofNullable(j.getString("onCall")));
    }

    static JsonArray calls(List<LiveCall> calls) {
        JsonArray a = new JsonArray();
        calls.forEach(c -> a.add(call(c)));
        return a;
    }

    static JsonArray dispatchers(List<DispatcherState> ds) {
        JsonArray a = new JsonArray();
        ds.forEach(d -> a.add(dispatcher(d)));
        return a;
    }
}
