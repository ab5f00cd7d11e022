package pe.centralunica.console.live;

import io.vertx.core.json.JsonObject;
import pe.centralunica.console.desk.Calls;
import pe.centralunica.console.desk.Incidents;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.router.live.LiveCall;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What a dispatcher's screen shows when their phone is connected to a call: the live call, the call record
 * (IVR results) and its timeline, its incident, the caller's history and prank marks, the panic button (location, camera) and
 * the routing decision's explanation. Reads PostgreSQL: run it on a virtual thread.
 */
public final class ScreenPops {

    private final Jdbc jdbc;
    private final Calls calls;
    private final Incidents incidents;
    private final LiveView view;

    public ScreenPops(Jdbc jdbc, Calls calls, Incidents incidents, LiveView view) {
        this.jdbc = jdbc;
        this.calls = calls;
        this.incidents = incidents;
        this.view = view;
    }

    public JsonObject build(LiveCall live) {
        JsonObject pop = new JsonObject().put("live", view.json(live, Instant.now()));
        Optional<UUID> callId = live.callId().flatMap(ScreenPops::uuid);
        Optional<JsonObject> call = callId.flatMap(id -> calls.get(id, Optional.empty())).or(() -> calls.byUniqueid(live.uniqueid()));
        if (call.isEmpty()) {
            // Fallback calls (the IVR never ran) have no record yet: the live facts are all there is.
            return pop.put("history", calls.history(live.callerNumber(), new UUID(0, 0)));
        }
        JsonObject c = call.get();
        UUID id = UUID.fromString(c.getString("id"));
        pop.put("call", c);
        Long incidentId = c.getLong("incidentId");
        if (incidentId != null) {
            incidents.get(incidentId, Optional.empty()).ifPresent(i -> pop.put("incident", i.copy().put("callList", null)));
        }
        if (c.getString("callerNumber") != null) {
            pop.put("history", calls.history(c.getString("callerNumber"), id));
        }
        String device = c.getString("panicDevice");
        jdbc.tx("reading screen pop details", tx -> {
            if (device != null) {
                tx.row("SELECT device_id AS \"deviceId\", latitude, longitude, address, district_ubigeo AS district,"
                        + " camera_id AS \"cameraId\" FROM panic_button WHERE device_id = ?", device)
                        .ifPresent(p -> pop.put("panicButton", p));
            }
            // What the IVR learned, step by step (menus, digits, language, triage), for the dispatcher to read.
            pop.put("timeline", tx.array("SELECT seq, at, type, data FROM call_event WHERE call_id = ? ORDER BY seq", id));
            tx.one("SELECT data::text FROM call_event WHERE call_id = ? AND type = 'ROUTE_DECIDED' ORDER BY seq DESC LIMIT 1",
                    rs -> new JsonObject(rs.getString(1)), id).ifPresent(r -> pop.put("route", r));
            return null;
        });
        return pop;
    }

    private static Optional<UUID> uuid(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
