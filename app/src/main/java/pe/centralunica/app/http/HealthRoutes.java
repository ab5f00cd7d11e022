package pe.centralunica.app.http;

import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import pe.centralunica.app.health.CachedHealth;
import pe.centralunica.app.health.ComponentHealth;
import pe.centralunica.app.health.HealthReport;

/**
 * GET /health: 200 with status UP when every dependency is up, 503 with status DOWN otherwise. The checks run at
 * most once a second ({@link CachedHealth}) however often anyone asks. Anyone gets the status of each component;
 * the details (ports, versions, counts, error text) go only to callers on this host (monitoring agents, the
 * operator's curl) — behind a trusted proxy, judged by the forwarded client address.
 */
final class HealthRoutes {

    private final CachedHealth report;
    private final BlockingCalls blocking;
    private final ClientAddress addresses;

    HealthRoutes(HealthReport report, BlockingCalls blocking, ClientAddress addresses) {
        this.report = new CachedHealth(report);
        this.blocking = blocking;
        this.addresses = addresses;
    }

    void mount(Router router, ApiRouter api) {
        api.raw(HttpMethod.GET, "/health", Access.PUBLIC, "Health of the node and its dependencies", ctx -> blocking.run(report::current).onComplete(ar -> {
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
        }));
    }

    private static boolean isLoopback(String address) {
        return address.equals("127.0.0.1") || address.startsWith("127.") || address.equals("0:0:0:0:0:0:0:1") || address.equals("::1");
    }
}
