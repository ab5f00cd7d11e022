package pe.centralunica.console.http;

import io.vertx.ext.web.RoutingContext;
import pe.centralunica.console.desk.IncidentLog;
import pe.centralunica.console.desk.PrankMarks;

import java.util.Optional;

/** The incident's narrative, close/reopen with a reason, search by phone; supervisors' review of prank marks. */
final class IncidentWorkRoutes {

    private final IncidentLog log;
    private final PrankMarks marks;

    IncidentWorkRoutes(IncidentLog log, PrankMarks marks) {
        this.log = log;
        this.marks = marks;
    }

    void mount(ApiRouter api) {
        api.get("/api/incidents/:id/notes", Access.DISPATCHER, "The incident's narrative, oldest first",
                ctx -> log.notes(ApiRouter.id(ctx, "id"), scope(ctx)));
        api.post("/api/incidents/:id/notes", Access.DISPATCHER, "Append an entry to the narrative {text} (append-only)", ctx -> {
            ApiRouter.created(ctx);
            return log.append(ApiRouter.id(ctx, "id"), ApiRouter.body(ctx).getValue("text"), actor(ctx), scope(ctx));
        });
        api.post("/api/incidents/:id/close", Access.DISPATCHER, "Close the incident {reason}",
                ctx -> log.close(ApiRouter.id(ctx, "id"), ApiRouter.body(ctx).getValue("reason"), actor(ctx), scope(ctx)));
        api.post("/api/incidents/:id/reopen", Access.DISPATCHER, "Reopen a closed incident {reason}",
                ctx -> log.reopen(ApiRouter.id(ctx, "id"), ApiRouter.body(ctx).getValue("reason"), actor(ctx), scope(ctx)));
        api.get("/api/incident-search", Access.DISPATCHER, "Incidents with a call from a number (?phone=987654321)",
                ctx -> log.byPhone(ctx.request().getParam("phone"), scope(ctx)));
        api.get("/api/prank-marks", Access.SUPERVISOR, "A number's prank marks (?caller=…) or the callers flagged now",
                ctx -> ctx.request().getParam("caller") == null ? marks.flagged(100) : marks.of(ctx.request().getParam("caller")));
        api.post("/api/prank-marks/:id/remove", Access.SUPERVISOR, "Remove a wrong prank mark {reason} (audited)",
                ctx -> marks.remove(ApiRouter.id(ctx, "id"), ApiRouter.body(ctx).getValue("reason"), ApiRouter.user(ctx).username()));
    }

    private static Optional<String> scope(RoutingContext ctx) {
        return ApiRouter.user(ctx).districtScope();
    }

    private static String actor(RoutingContext ctx) {
        return ApiRouter.user(ctx).username();
    }
}
