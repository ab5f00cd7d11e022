package pe.centralunica.console.http;

import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import pe.centralunica.console.health.CachedHealth;
import pe.centralunica.console.health.ComponentHealth;
import pe.centralunica.console.health.HealthReport;

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
 * The checks run at most once a second ({@link CachedHealth}) however often anyone asks; anyone gets each
 * component's status, the details (ports, versions, counts, error text) go only to callers on this host
 * (monitoring agents, the operator's curl) — behind a trusted proxy, judged by the forwarded client address.
 */
final class HealthRoutes {

    static final java.util.Set<String> READY = java.util.Set.of("callPath", "journal");
    static final java.util.Set<String> LIVE = java.util.Set.of("callPath");

    private final CachedHealth report;
    private final BlockingCalls blocking;
    private final ClientAddress addresses;

    HealthRoutes(HealthReport report, BlockingCalls blocking, ClientAddress addresses) {
        this.report = new CachedHealth(report);
        this.blocking = blocking;
        this.addresses = addresses;
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
        blocking.run(() -> report.current().only(include)).onComplete(ar -> {
            if (ar.failed()) {
                ApiError.send(ctx, 500, "health check failed; the node's log has the details");
                return;
            }
            HealthReport.Result result = ar.result();
            boolean local = isLoopback(addresses.of(ctx));
            JsonObject components = new JsonObject();
            result.components().forEach((name, health) -> {
                JsonObject component = new JsonObject().put("status", health.status().name());
                if (local) {
                    component.put("details", new JsonObject(new java.util.LinkedHashMap<>(health.details())));
                }
                components.put(name, component);
            });
            ctx.response()
                    .setStatusCode(result.status() == ComponentHealth.Status.UP ? 200 : 503)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(new JsonObject().put("status", result.status().name()).put("components", components).encode());
        });
    }

    private static boolean isLoopback(String address) {
        return address.equals("127.0.0.1") || address.startsWith("127.") || address.equals("0:0:0:0:0:0:0:1") || address.equals("::1");
    }
}
