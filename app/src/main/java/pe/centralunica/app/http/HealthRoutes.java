package pe.centralunica.app.http;

import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import pe.centralunica.app.health.ComponentHealth;
import pe.centralunica.app.health.HealthReport;

/** GET /health: 200 with status UP when every dependency is up, 503 with status DOWN otherwise. */
final class HealthRoutes {

    private final HealthReport report;
    private final BlockingCalls blocking;

    HealthRoutes(HealthReport report, BlockingCalls blocking) {
        this.report = report;
        this.blocking = blocking;
    }

    void mount(Router router, ApiRouter api) {
        api.raw(HttpMethod.GET, "/health", Access.PUBLIC, "Health of the node and its dependencies", ctx -> blocking.run(report::run).onComplete(ar -> {
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
        }));
    }
}
