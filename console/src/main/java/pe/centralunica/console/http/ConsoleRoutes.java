package pe.centralunica.console.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import pe.centralunica.console.desk.Calls;
import pe.centralunica.console.desk.IncidentStatus;
import pe.centralunica.console.desk.Incidents;
import pe.centralunica.console.live.LiveView;
import pe.centralunica.console.live.ScreenPops;
import pe.centralunica.console.security.User;
import pe.centralunica.console.exchange.TransferAhead;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.router.live.CallControl;
import pe.centralunica.router.live.LiveCall;
import pe.centralunica.router.live.LiveCalls;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The dispatcher's API: incidents, calls (link, prank, call-back), the live queue, screen pop and transfer. */
final class ConsoleRoutes {

    /** CallControl futures complete within their own timeout; this is only a backstop. */
    private static final long CALL_CONTROL_WAIT_S = 15;

    private final Incidents incidents;
    private final Calls calls;
    private final LiveCalls live;
    private final LiveView view;
    private final ScreenPops pops;
    private final CallControl control;
    private final Jdbc jdbc;
    private final TransferAhead transferAhead;

    ConsoleRoutes(Incidents incidents, Calls calls, LiveCalls live, LiveView view, ScreenPops pops, CallControl control, Jdbc jdbc,
                  TransferAhead transferAhead) {
        this.incidents = incidents;
        this.calls = calls;
        this.live = live;
        this.view = view;
        this.pops = pops;
        this.control = control;
        this.jdbc = jdbc;
        this.transferAhead = transferAhead;
    }

    void mount(ApiRouter api) {
        api.get("/api/incidents", Access.DISPATCHER, "List incidents (?status=NEW&district=150101&open=true&limit=100)", this::list);
        api.post("/api/incidents", Access.DISPATCHER, "Open an incident", ctx -> {
            ApiRouter.created(ctx);
            JsonObject fields = ApiRouter.body(ctx);
            Optional<String> scope = scope(ctx);
            if (scope.isPresent() && fields.containsKey("district") && !scope.get().equals(fields.getValue("district"))) {
                throw new ApiException(403, "you open incidents of district " + scope.get() + " only");
            }
            scope.ifPresent(d -> fields.put("district", d));
            return incidents.create(fields, actor(ctx));
        });
        api.get("/api/incidents/:id", Access.DISPATCHER, "An incident with its calls and their timelines",
                ctx -> incidents.get(ApiRouter.id(ctx, "id"), scope(ctx)).orElseThrow(() -> ApiException.notFound("incident #" + ctx.pathParam("id"))));
        api.patch("/api/incidents/:id", Access.DISPATCHER, "Edit type, priority, status, district, address, location, notes",
                ctx -> {
                    JsonObject patch = ApiRouter.body(ctx);
                    Optional<String> scope = scope(ctx);
                    if (scope.isPresent() && patch.containsKey("district") && !scope.get().equals(patch.getValue("district"))) {
                        throw new ApiException(403, "you work incidents of district " + scope.get()
                                + " only; ask the metropolitan centre to move it");
                    }
                    return incidents.update(ApiRouter.id(ctx, "id"), patch, actor(ctx), scope)
                            .orElseThrow(() -> ApiException.notFound("incident #" + ctx.pathParam("id")));
                });
        api.get("/api/calls/abandoned", Access.DISPATCHER, "Abandoned calls of the last hours (?hours=24)", ctx ->
                calls.abandoned(intParam(ctx, "hours", 24, 1, 24 * 7), 200, scope(ctx)));
        api.get("/api/calls/:id", Access.DISPATCHER, "A call record", ctx ->
                calls.get(callId(ctx), scope(ctx)).orElseThrow(() -> ApiException.notFound("call " + ctx.pathParam("id"))));
        api.post("/api/calls/:id/incident", Access.DISPATCHER, "Link the call to an incident {incidentId}", ctx -> {
            JsonObject body = ApiRouter.body(ctx);
            if (!(body.getValue("incidentId") instanceof Number n)) {
                throw new BadRequestException("give 'incidentId' as a number");
            }
            return calls.linkToIncident(callId(ctx), n.longValue(), actor(ctx), scope(ctx));
        });
        api.post("/api/calls/:id/prank", Access.DISPATCHER, "Mark the call as a prank (counts toward the flagged class)",
                ctx -> calls.markPrank(callId(ctx), actor(ctx), scope(ctx)));
        api.post("/api/calls/:id/callback", Access.DISPATCHER, "Call the caller back from the user's phone", this::callBack);
        api.get("/api/live/queue", Access.DISPATCHER, "Waiting and connected calls the user may see", ctx ->
                new JsonObject().put("connected", live.connected()).put("calls", view.queueFor(ApiRouter.user(ctx)))
                        .put("dispatchers", view.dispatchersFor(ApiRouter.user(ctx))));
        api.get("/api/live/pop", Access.DISPATCHER, "The screen pop of the call on the user's phone (204 when none)", ctx ->
                ApiRouter.user(ctx).phoneInterface().flatMap(live::connectedTo).map(pops::build).orElse(null));
        api.get("/api/reference", Access.DISPATCHER, "Emergency types, transfer targets and districts for the console's forms",
                ctx -> jdbc.tx("reading reference data", tx -> new JsonObject()
                        .put("types", tx.array("SELECT code, name_es AS \"nameEs\", name_en AS \"nameEn\", default_priority AS priority,"
                                + " menu_digit AS \"menuDigit\" FROM emergency_type ORDER BY code"))
                        // Names for the codes the live queue and route explanations carry (centrals, route targets).
                        .put("agencies", tx.array("SELECT code, name FROM agency ORDER BY name"))
                        .put("targets", tx.array("SELECT t.code, a.name AS agency FROM route_target t JOIN agency a ON a.code = t.agency_code"))
                        .put("transferTargets", tx.array("SELECT t.code, a.name AS agency, t.kind FROM route_target t"
                                + " JOIN agency a ON a.code = t.agency_code WHERE t.enabled AND a.kind <> 'SERENAZGO' ORDER BY t.code"))
                        .put("districts", tx.array("SELECT ubigeo AS code, name, jurisdiction_code AS jurisdiction FROM district ORDER BY name"))));
        api.get("/api/panic-buttons", Access.DISPATCHER, "Active panic buttons (for the map)", ctx -> jdbc.tx("reading panic buttons",
                tx -> tx.array("SELECT device_id AS \"deviceId\", latitude, longitude, address, district_ubigeo AS district,"
                        + " camera_id AS \"cameraId\" FROM panic_button WHERE active ORDER BY device_id")));
        api.post("/api/live/calls/:uniqueid/transfer", Access.DISPATCHER,
                "Blind-transfer a live call to a route target {target, incidentId}", this::transfer);
    }

    private Object list(RoutingContext ctx) {
        Optional<IncidentStatus> status = Optional.ofNullable(ctx.request().getParam("status")).map(s ->
                IncidentStatus.parse(s).orElseThrow(() -> new BadRequestException("unknown status '" + s
                        + "'; use NEW, DISPATCHED, ON_SCENE or CLOSED")));
        Optional<String> district = Optional.ofNullable(ctx.request().getParam("district"));
        if (district.isPresent() && !district.get().matches("[0-9]{6}")) {
            throw new BadRequestException("'district' is a six-digit UBIGEO code");
        }
        boolean open = "true".equals(ctx.request().getParam("open"));
        return incidents.list(status, district, open, intParam(ctx, "limit", 100, 1, 1000), scope(ctx));
    }

    private Object callBack(RoutingContext ctx) {
        User user = ApiRouter.user(ctx);
        String phone = user.phoneInterface().orElseThrow(() -> new ApiException(422,
                "your user has no phone interface; ask an administrator to set it"));
        UUID id = callId(ctx);
        JsonObject call = calls.get(id, user.districtScope()).orElseThrow(() -> ApiException.notFound("call " + id));
        String number = call.getString("callerNumber");
        if (number == null || !number.matches("[0-9+]{3,32}")) {
            throw new ApiException(422, "call " + id + " has no number to call back");
        }
        long incident = Optional.ofNullable(call.getLong("incidentId")).orElse(0L);
        await(control.callBack(phone, number, incident), "call-back");
        calls.recordCallBack(id, user.username(), phone);
        return new JsonObject().put("calling", number).put("from", phone);
    }

    private Object transfer(RoutingContext ctx) {
        User user = ApiRouter.user(ctx);
        String uniqueid = ctx.pathParam("uniqueid");
        LiveCall call = view.find(uniqueid).orElseThrow(() -> ApiException.notFound("live call " + uniqueid));
        if (!view.visibleTo(user, call)) {
            throw new ApiException(403, "this call belongs to another central");
        }
        JsonObject body = ApiRouter.body(ctx);
        if (!(body.getValue("target") instanceof String target) || target.isBlank()) {
            throw new BadRequestException("give 'target', a route target code such as T-PNP or Q-BOM");
        }
        if (!(body.getValue("incidentId") instanceof Number incident)) {
            throw new BadRequestException("give 'incidentId': the incident travels with the caller");
        }
        boolean targetOk = jdbc.tx("checking a transfer target", tx -> tx.one(
                "SELECT enabled FROM route_target WHERE code = ?", rs -> rs.getBoolean(1), target)).orElseThrow(() ->
                new BadRequestException("unknown route target '" + target + "'"));
        if (!targetOk) {
            throw new ApiException(409, "route target '" + target + "' is disabled");
        }
        // The incident travels with the caller: only one the sender may see (else any id would leak across districts).
        if (!incidents.visible(incident.longValue(), user.districtScope()) && !carries(call, incident.longValue())) {
            throw ApiException.notFound("incident #" + incident.longValue());
        }
        // The agency's screen first, then the caller (issue 13).
        TransferAhead.Outcome eido = transferAhead.send(incident.longValue(), target);
        await(control.transfer(uniqueid, target, incident.longValue()), "transfer");
        jdbc.tx("auditing a transfer", tx -> {
            tx.audit(user.username(), "UPDATE", "call", call.callId().orElse(uniqueid), null,
                    new JsonObject().put("transferredTo", target).put("incidentId", incident.longValue()).put("uniqueid", uniqueid));
            return null;
        });
        return new JsonObject().put("transferred", uniqueid).put("target", target).put("eidoAhead", eido.name());
    }

    /**
     * Whether {@code incident} is the one the IVR opened for this very call: a call of the user's central may carry its
     * own incident even when that incident's district is not (yet) known.
     */
    private boolean carries(LiveCall call, long incident) {
        try {
            return call.callId().map(UUID::fromString).flatMap(id -> calls.get(id, Optional.empty()))
                    .map(c -> c.getLong("incidentId")).filter(linked -> linked == incident).isPresent();
        } catch (IllegalArgumentException e) {
            return false; // not a call id we wrote
        }
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> action, String what) {
        try {
            action.get(CALL_CONTROL_WAIT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new ApiException(502, what + " failed on the Asterisk side: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ApiException(504, what + ": Asterisk did not answer within " + CALL_CONTROL_WAIT_S + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, what + " interrupted");
        }
    }

    /** The district a Serenazgo dispatcher is limited to (see {@link User#districtScope()}). */
    private static Optional<String> scope(RoutingContext ctx) {
        return ApiRouter.user(ctx).districtScope();
    }

    private static String actor(RoutingContext ctx) {
        return ApiRouter.user(ctx).username();
    }

    private static UUID callId(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("a call id is a UUID, not '" + ctx.pathParam("id") + "'");
        }
    }

    static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(values.getFirst());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadRequestException("'" + name + "' must be a whole number from " + min + " to " + max);
        }
    }
}
