package pe.centralunica.console.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import pe.centralunica.console.desk.IncidentLog;
import pe.centralunica.console.desk.PrankMarks;
import pe.centralunica.ivr.IvrSettings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.console.health.HealthReport;
import pe.centralunica.console.kpi.Supervision;
import pe.centralunica.console.live.LiveChannel;
import pe.centralunica.console.admin.RuleJson;
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
    /** Reached over HTTPS only: browsers are told (HSTS) to refuse plain HTTP to this host for a year. */
    private final boolean hsts;
    private final Supervision supervision;

    public HttpApi(Vertx vertx, HealthReport health, PrometheusMeterRegistry metrics, DistrictRepository districts, Console console) {
        this.vertx = vertx;
        this.blocking = new BlockingCalls(vertx);
        this.router = Router.router(vertx);
        this.hsts = console.secureCookies();
        router.route().handler(this::securityHeaders);
        this.api = new ApiRouter(router, blocking, console.sessions());
        new HealthRoutes(health, blocking, new ClientAddress(console.trustProxy())).mount(router, api);
        new MetricsRoutes(metrics).mount(router, api);
        new DistrictRoutes(districts, blocking).mount(api);
        new AuthRoutes(console.authenticator(), console.sessions(), new SessionCookie(console.secureCookies()),
                new ClientAddress(console.trustProxy())).mount(api);
        pe.centralunica.console.exchange.Exchange exchange = new pe.centralunica.console.exchange.Exchange(console.jdbc());
        new ConsoleRoutes(console.incidents(), console.calls(), console.live(), console.view(), console.pops(),
                console.control(), console.jdbc(), exchange.transferAhead()).mount(api);
        new IncidentWorkRoutes(new IncidentLog(console.jdbc()),
                new PrankMarks(console.jdbc(), IvrSettings.defaults().prankWindow())).mount(api);
        new AdminRoutes(console.users(), console.catalogues(), console.rules(), console.ruleStore(), console.router(),
                console.routingChanged(), console.zone(), console.jdbc()).mount(api);
        new LiveRoutes(new LiveChannel(vertx, console.live(), console.view(), console.pops(), console.sessions())).mount(api);
        this.supervision = Supervision.start(console.jdbc(), console.live(), console.zone(), metrics);
        new SupervisorRoutes(supervision.wallboard(), supervision.kpis(), supervision.staffing(), supervision.hotspots(), blocking,
                console.zone()).mount(api);
        new WebConsole().mount(router, api);
        new ExchangeRoutes(exchange, blocking).mount(api);
        new RecordingRoutes(new pe.centralunica.console.recording.Recordings(console.jdbc(),
                pe.centralunica.console.recording.RecordingSettings.defaults()), blocking).mount(api);
        new OpenApiRoutes(api).mount(api);
        router.route().last().handler(this::notFound);
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

    private void securityHeaders(RoutingContext ctx) {
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
        if (hsts) {
            ctx.response().putHeader("Strict-Transport-Security", "max-age=31536000");
        }
        ctx.next();
    }

    /** 405 with Allow when the path exists under other methods (the catch-all would otherwise say 404), else 404. */
    private void notFound(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        java.util.Set<String> allowed = new java.util.TreeSet<>();
        for (Endpoint e : api.endpoints()) {
            if (pathPattern(e.path()).matcher(path).matches()) {
                allowed.add(e.method().name());
            }
        }
        if (allowed.isEmpty()) {
            ApiError.send(ctx, 404, "no such resource: " + abbreviated(path));
        } else {
            ctx.response().putHeader("Allow", String.join(", ", allowed));
            ApiError.send(ctx, 405, ctx.request().method() + " is not allowed on " + abbreviated(path) + "; use "
                    + String.join(" or ", allowed));
        }
    }

    private static java.util.regex.Pattern pathPattern(String routePath) {
        String regex = java.util.Arrays.stream(routePath.split("(?=[:*])|(?<=\\*)"))
                .map(part -> part.equals("*") ? ".*" : part.startsWith(":")
                        ? "[^/]+" + java.util.regex.Pattern.quote(part.replaceFirst("^:[A-Za-z]+", ""))
                        : java.util.regex.Pattern.quote(part))
                .collect(java.util.stream.Collectors.joining());
        return java.util.regex.Pattern.compile(regex);
    }

    /** A path as echoed in an error: long ones are cut (they come from the client). */
    private static String abbreviated(String path) {
        return path.length() <= 200 ? path : path.substring(0, 200) + "…";
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
                    ApiError.send(ctx, 413, "the request body is too large (at most " + ApiRouter.BODY_LIMIT / 1024 + " KiB)");
                } else {
                    ApiError.send(ctx, ctx.statusCode(), "request failed");
                }
            }
            case BadRequestException bad -> ApiError.send(ctx, 400, bad.getMessage());
            // A JSON field of the wrong type (getString on a number, …): the client's mistake, not the node's.
            case ClassCastException bad -> ApiError.send(ctx, 400, "a field of the request has the wrong type;"
                    + " see /api/openapi.json for what each field takes");
            case java.time.DateTimeException bad -> ApiError.send(ctx, 400, "a date or time is invalid: " + bad.getMessage());
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

    /**
     * Starts listening, over HTTPS when {@code tls} is given; fails with the bind or certificate error (the caller
     * turns it into a configuration message).
     */
    public Future<HttpServer> listen(String host, int port, java.util.Optional<io.vertx.core.net.KeyCertOptions> tls) {
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
                .setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_HEADERS)
                // No browser speaks HTTP/2 without TLS; refusing the h2c upgrade keeps one set of request limits.
                .setHttp2ClearTextEnabled(false)
                // Idle connections are closed after 60 s: a client that opens connections and goes quiet holds no
                // memory for long (the live feed pings every few seconds, so it stays open).
                .setIdleTimeout(60).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS);
        tls.ifPresent(keyCert -> options.setSsl(true).setKeyCertOptions(keyCert));
        return vertx.createHttpServer(options)
                .invalidRequestHandler(HttpApi::invalidRequest)
                .requestHandler(router)
                .listen();
    }

    /** Longest request line (method, URI, version) served; longer ones get a JSON 414. */
    static final int MAX_REQUEST_LINE = 8 * 1024;
    static final int MAX_HEADERS = 16 * 1024;

    /**
     * Requests the HTTP codec could not read (a URI or headers over the limits, garbage): answered in the API's
     * JSON error shape instead of Vert.x's empty body, then the connection is closed.
     */
    private static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = 400;
        String message = "the request could not be read as HTTP";
        if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            String text = String.valueOf(cause.getMessage());
            if (text.contains("URI") || text.contains("line")) {
                status = 414;
                message = "the URI is too long (at most " + MAX_REQUEST_LINE + " bytes); send long values in a JSON body";
            } else {
                status = 431;
                message = "the request headers are too large (at most " + MAX_HEADERS + " bytes)";
            }
        }
        String body = new JsonObject().put("status", status)
                .put("error", io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase())
                .put("message", message).encode();
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Connection", "close").end(body).onComplete(v -> request.connection().close());
    }

    public void close() {
        supervision.close();
        blocking.close();
    }

}
