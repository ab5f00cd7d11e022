package pe.centralunica.console.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/** GET /metrics in the Prometheus text format. */
final class MetricsRoutes {

    private final PrometheusMeterRegistry registry;

    MetricsRoutes(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    void mount(Router router, ApiRouter api) {
        api.raw(HttpMethod.GET, "/metrics", Access.PUBLIC, "Prometheus metrics", ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
    }
}
