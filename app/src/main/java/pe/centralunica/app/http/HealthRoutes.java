package pe.centralunica.app.http;

import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import pe.centralunica.app.health.ComponentHealth;
import pe.centralunica.app.health.HealthReport;

/**
 * GET /health: 200 with status UP when every dependency is up, 503 with status DOWN otherwise — the operator's
 * view. An orchestrator asks two narrower questions, so that a blip of something calls do not need (AMI, SIP
 * probes, PostgreSQL: the journal spools through its outages) never pulls a node that can still route calls:
 * <ul>
 *   <li>GET /health/ready — send calls here: the call path (AGI listening, routing table loaded) and the journal
 *       (records kept: writer alive, not stalled, disk not full);</li>
 *   <li>GET /health/live — restart me when DOWN: the call path only (the journal heals itself or needs an
 *       operator, and a restart fixes neither a stalled nor a full disk).</li>
 * </ul>
 */
final class HealthRoutes {

    static final java.util.Set<String> READY = java.util.Set.of("callPath", "journal");
    static final java.util.Set<String> LIVE = java.util.Set.of("callPath");

    private final HealthReport report;
    private final BlockingCalls blocking;

    HealthRoutes(HealthReport report, BlockingCalls blocking) {
        this.report = report;
        this.blocking = blocking;
    }

    void mount(Router router, ApiRouter api) {
        api.raw(HttpMethod.GET, "/health", Access.PUBLIC, "Health of the node and its dependencies",
                ctx -> answer(ctx, name -> true));
        api.raw(HttpMethod.GET, "/health/ready", Access.PUBLIC, "Readiness: can this node take calls and keep their records",
                ctx -> answer(ctx, READY::contains));
        api.raw(HttpMethod.GET, "/health/live", Access.PUBLIC, "Liveness: is this node's call path alive",
                ctx -> answer(ctx, LIVE::contains));
    }

    private void answer(io.vertx.ext.web.RoutingContext ctx, java.util.function.Predicate<String> include) {
        blocking.run(() -> report.run(include)).onComplete(ar -> {
            if (ar.failed()) {
                ApiError.send(ctx, 500, "health check failed: " + ar.cause().getMessage());
                return;
            }
            HealthReport.Result result = ar.result();
            JsonObject components = new JsonObject();
            result.components().forEach((name, health) -> components.put(name, new JsonObject()
                    .put("status", health.status().name())
                    .put("details", new JsonObject(new java.util.LinkedHashMap<>(health.details())))));
            ctx.response()
                    .setStatusCode(result.status() == ComponentHealth.Status.UP ? 200 : 503)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(new JsonObject().put("status", result.status().name()).put("components", components).encode());
        });
    }
}
