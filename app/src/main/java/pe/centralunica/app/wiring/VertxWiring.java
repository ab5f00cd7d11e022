package pe.centralunica.app.wiring;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.concurrent.TimeUnit;

/** The node's Vert.x: HTTP, the console's WebSockets, their metrics in the node's registry. */
public final class VertxWiring implements AutoCloseable {

    private final Vertx vertx;

    private VertxWiring(Vertx vertx) {
        this.vertx = vertx;
    }

    public static VertxWiring start(PrometheusMeterRegistry registry) {
        return new VertxWiring(Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build());
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(5, TimeUnit.SECONDS);
    }
}
