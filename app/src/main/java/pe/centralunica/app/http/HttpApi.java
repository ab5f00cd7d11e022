package pe.centralunica.app.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import pe.centralunica.app.console.IncidentLog;
import pe.centralunica.app.console.PrankMarks;
import pe.centralunica.ivr.IvrSettings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.app.health.HealthReport;
import pe.centralunica.app.live.LiveChannel;
import pe.centralunica.app.admin.RuleJson;
import pe.centralunica.db.DataAccessException;
import pe.centralunica.db.DistrictRepository;
import pe.centralunica.router.rules.InvalidRuleSetException;
import pe.centralunica.router.store.RuleNotFoundException;
import pe.centralunica.router.store.StaleRevisionException;

import java.sql.SQLException;
import java.util.List;

/** The HTTP surface of the node: health, metrics, the REST API, the live feed and the web console. */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final Vertx vertx;
    private final BlockingCalls blocking;
    private final Router router;
    private final ApiRouter api;

    public HttpApi(Vertx vertx, HealthReport health, PrometheusMeterRegistry metrics, DistrictRepository districts, Console console) {
        this.vertx = vertx;
        this.blocking = new BlockingCalls(vertx);
        this.router = Router.router(vertx);
        router.route().handler(HttpApi::securityHeaders);
        this.api = new ApiRouter(router, blocking, console.sessions());
        new HealthRoutes(health, blocking).mount(router, api);
        new MetricsRoutes(metrics).mount(router, api);
        new DistrictRoutes(districts, blocking).mount(api);
        new AuthRoutes(console.authenticator(), console.sessions(), new SessionCookie(console.secureCookies()),
                new ClientAddress(console.trustProxy())).mount(api);
        pe.centralunica.app.exchange.Exchange exchange = new pe.centralunica.app.exchange.Exchange(console.jdbc());
        new ConsoleRoutes(console.incidents(), console.calls(), console.live(), console.view(), console.pops(),
                console.control(), console.jdbc(), exchange.transferAhead()).mount(api);
        new IncidentWorkRoutes(new IncidentLog(console.jdbc()),
                new PrankMarks(console.jdbc(), IvrSettings.defaults().prankWindow())).mount(api);
        new AdminRoutes(console.users(), console.catalogues(), console.rules(), console.ruleStore(), console.router(),
                console.routingChanged(), console.zone(), console.jdbc()).mount(api);
        new LiveRoutes(new LiveChannel(vertx, console.live(), console.view(), console.pops(), console.sessions())).mount(api);
        new WebConsole().mount(router, api);
        new ExchangeRoutes(exchange, blocking).mount(api);
        new RecordingRoutes(new pe.centralunica.app.recording.Recordings(console.jdbc(),
                pe.centralunica.app.recording.RecordingSettings.defaults()), blocking).mount(api);
        new OpenApiRoutes(api).mount(api);
        router.route().last().handler(ctx -> ApiError.send(ctx, 404, "no such resource: " + ctx.request().path()));
        router.route().failureHandler(HttpApi::failure);
    }

    /** Every registered endpoint with its access rule. */
    public List<Endpoint> endpoints() {
        return api.endpoints();
    }

    /** The Vert.x router itself (tests compare its routes with {@link #endpoints()}). */
    public Router router() {
        return router;
    }

    private static void securityHeaders(RoutingContext ctx) {
        if ("websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
            // Held until the session is checked (on a virtual thread): the upgrade needs the request unread.
            ctx.request().pause();
        }
        ctx.response()
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; connect-src 'self';"
                        + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
        ctx.next();
    }

    private static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        switch (failure) {
            case null -> {
                if (ctx.statusCode() == 405) {
                    ApiError.send(ctx, 405, ctx.request().method() + " is not allowed on " + ctx.request().path());
                } else if (ctx.statusCode() == 413) {
                    ApiError.send(ctx, 413, "the request body is too large");
                } else {
                    ApiError.send(ctx, ctx.statusCode(), "request failed");
                }
            }
            case BadRequestException bad -> ApiError.send(ctx, 400, bad.getMessage());
            case IllegalArgumentException bad -> ApiError.send(ctx, 400, bad.getMessage());
            case ApiException e -> ApiError.send(ctx, e.status(), e.getMessage(), e.details());
            case InvalidRuleSetException e -> ApiError.send(ctx, 422, e.getMessage(),
                    new JsonObject().put("problems", RuleJson.problems(e.problems())));
            case StaleRevisionException e -> ApiError.send(ctx, 409, e.getMessage());
            case RuleNotFoundException e -> ApiError.send(ctx, 404, e.getMessage());
            case DataAccessException e when e.getCause() instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("23") || sql.getSQLState().startsWith("22")) -> constraint(ctx, sql);
            default -> {
                LOG.error("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), failure);
                ApiError.send(ctx, 500, "internal error; the node's log has the details");
            }
        }
    }

    /** Schema constraints are the last line of validation: their reason goes back as a 4xx, nothing changed. */
    private static void constraint(RoutingContext ctx, SQLException e) {
        String state = e.getSQLState();
        String reason = e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getMessage() + (p.getServerErrorMessage().getDetail() == null ? ""
                : " (" + p.getServerErrorMessage().getDetail() + ")")
                : e.getMessage();
        switch (state) {
            case "23505" -> ApiError.send(ctx, 409, "already exists: " + reason);
            case "23503" -> ApiError.send(ctx, ctx.request().method().name().equals("DELETE") ? 409 : 400,
                    "reference problem: " + reason);
            default -> ApiError.send(ctx, 400, "invalid value: " + reason);
        }
    }

    /** Starts listening; fails with the bind error (the caller turns it into a configuration message). */
    public Future<HttpServer> listen(String host, int port) {
        // Idle connections are closed after 60 s: a client that opens connections and goes quiet holds no memory
        // for long (the live feed pings every few seconds, so it stays open).
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                        .setIdleTimeout(60).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS))
                .requestHandler(router)
                .listen();
    }

    public void close() {
        blocking.close();
    }

}
