package pe.centralunica.app.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;

/** GET /metrics in the Prometheus text format. */
final class MetricsRoutes {

    private final PrometheusMeterRegistry registry;

    MetricsRoutes(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    void mount(Router router) {
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
    }
}
