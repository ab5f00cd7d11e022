package pe.centralunica.app.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.app.health.HealthReport;
import pe.centralunica.db.DistrictRepository;

/** The HTTP surface of the node: health, metrics and the REST API. */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final Vertx vertx;
    private final BlockingCalls blocking;
    private final Router router;

    public HttpApi(Vertx vertx, HealthReport health, PrometheusMeterRegistry metrics, DistrictRepository districts) {
        this.vertx = vertx;
        this.blocking = new BlockingCalls(vertx);
        this.router = Router.router(vertx);
        new HealthRoutes(health, blocking).mount(router);
        new MetricsRoutes(metrics).mount(router);
        new DistrictRoutes(districts, blocking).mount(router);
        router.route().last().handler(ctx -> ApiError.send(ctx, 404, "no such resource: " + ctx.request().path()));
        router.route().failureHandler(ctx -> {
            Throwable failure = ctx.failure();
            if (failure instanceof BadRequestException bad) {
                ApiError.send(ctx, 400, bad.getMessage());
            } else if (failure == null && ctx.statusCode() == 405) {
                ApiError.send(ctx, 405, ctx.request().method() + " is not allowed on " + ctx.request().path());
            } else if (failure == null) {
                ApiError.send(ctx, ctx.statusCode(), "request failed");
            } else {
                LOG.error("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), failure);
                ApiError.send(ctx, 500, "internal error; the node's log has the details");
            }
        });
    }

    /** Starts listening; fails with the bind error (the caller turns it into a configuration message). */
    public Future<HttpServer> listen(String host, int port) {
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(router)
                .listen();
    }

    public void close() {
        blocking.close();
    }
}
