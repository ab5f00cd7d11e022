package pe.centralunica.console.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import pe.centralunica.console.security.Sessions;
import pe.centralunica.console.security.User;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers API routes with their access rule, so no route can be added without one: each non-public route
 * first resolves the session cookie (401 without a live session), then checks the role (403), then — for
 * anything but GET — the CSRF token. The list of endpoints feeds the route-walk test and the OpenAPI check.
 */
final class ApiRouter {

    private static final String SESSION_KEY = "cu.session";
    /** Bodies above this are refused (413) before any handler runs. */
    static final long BODY_LIMIT = 256 * 1024;
    /** What a dispatcher of no central may still do: see who they are, and sign out. */
    private static final java.util.Set<String> WITHOUT_SCOPE = java.util.Set.of("/api/me", "/api/logout");

    private final Router router;
    private final BlockingCalls blocking;
    private final Sessions sessions;
    private final List<Endpoint> endpoints = new ArrayList<>();

    ApiRouter(Router router, BlockingCalls blocking, Sessions sessions) {
        this.router = router;
        this.blocking = blocking;
        this.sessions = sessions;
    }

    /** A handler computing a JSON value (JsonObject, JsonArray or null → 204) on a virtual thread. */
    public interface Work {
        Object run(RoutingContext ctx) throws Exception;
    }

    public void get(String path, Access access, String summary, Work work) {
        add(HttpMethod.GET, path, access, summary, json(work));
    }

    public void post(String path, Access access, String summary, Work work) {
        add(HttpMethod.POST, path, access, summary, json(work));
    }

    public void put(String path, Access access, String summary, Work work) {
        add(HttpMethod.PUT, path, access, summary, json(work));
    }

    public void patch(String path, Access access, String summary, Work work) {
        add(HttpMethod.PATCH, path, access, summary, json(work));
    }

    public void delete(String path, Access access, String summary, Work work) {
        add(HttpMethod.DELETE, path, access, summary, json(work));
    }

    /** A route with its own (non-JSON or streaming) handler, still behind the same checks. */
    public void raw(HttpMethod method, String path, Access access, String summary, Handler<RoutingContext> handler) {
        add(method, path, access, summary, handler);
    }

    public List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    private void add(HttpMethod method, String path, Access access, String summary, Handler<RoutingContext> handler) {
        endpoints.add(new Endpoint(method, path, access, summary));
        var route = router.route(method, path);
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            route.handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        }
        if (access != Access.PUBLIC) {
            route.handler(this::authenticate).handler(ctx -> authorize(ctx, access));
        }
        route.handler(handler);
    }

    private void authenticate(RoutingContext ctx) {
        String token = SessionCookie.token(ctx);
        if (token == null) {
            ApiError.send(ctx, 401, "sign in first (POST /api/login)");
            return;
        }
        blocking.run(() -> sessions.resolve(token)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                ApiError.send(ctx, 401, "your session has ended; sign in again");
            } else {
                ctx.put(SESSION_KEY, ar.result().get());
                ctx.next();
            }
        });
    }

    private static void authorize(RoutingContext ctx, Access access) {
        Sessions.Session session = ctx.get(SESSION_KEY);
        if (!session.user().role().includes(access.least().orElseThrow())) {
            ApiError.send(ctx, 403, "this needs the " + access.name() + " role; you are " + session.user().role());
            return;
        }
        if (!session.user().hasScope() && !WITHOUT_SCOPE.contains(ctx.currentRoute().getPath())) {
            ApiError.send(ctx, 403, "your user belongs to no central, so there is nothing you may see;"
                    + " ask an administrator to set your agency");
            return;
        }
        HttpMethod m = ctx.request().method();
        if (m != HttpMethod.GET && m != HttpMethod.HEAD) {
            String sent = ctx.request().getHeader(SessionCookie.CSRF_HEADER);
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                    session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
                ApiError.send(ctx, 403, "missing or wrong " + SessionCookie.CSRF_HEADER
                        + " header; send the csrfToken from GET /api/me");
                return;
            }
        }
        ctx.next();
    }

    /** The signed-in user of a non-public route. */
    public static User user(RoutingContext ctx) {
        return session(ctx).user();
    }

    static Sessions.Session session(RoutingContext ctx) {
        Sessions.Session s = ctx.get(SESSION_KEY);
        if (s == null) {
            throw new IllegalStateException("no session on a route registered as non-public");
        }
        return s;
    }

    private Handler<RoutingContext> json(Work work) {
        return ctx -> blocking.run(() -> work.run(ctx)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Object body = ar.result();
            var response = ctx.response().putHeader("Cache-Control", "no-store");
            if (body == null) {
                response.setStatusCode(204).end();
            } else {
                int status = ctx.request().method() == HttpMethod.POST && ctx.get("cu.created") != null ? 201 : 200;
                String text = body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode() : body.toString();
                response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(text);
            }
        });
    }

    /**
     * The request body as a JSON object, or 400 saying what was sent instead: nothing, malformed JSON (with the line
     * and column, never the parser's internals), or another JSON value such as an array.
     */
    public static JsonObject body(RoutingContext ctx) {
        var buffer = ctx.body().buffer();
        if (buffer == null || buffer.length() == 0) {
            throw new BadRequestException("send a JSON object in the request body");
        }
        Object value;
        try {
            value = io.vertx.core.json.Json.decodeValue(buffer);
        } catch (io.vertx.core.json.DecodeException e) {
            throw new BadRequestException("the body is not valid JSON" + where(e) + "; send a JSON object such as {\"field\": \"value\"}");
        }
        if (value instanceof JsonObject o) {
            return o;
        }
        String what = value instanceof JsonArray ? "an array" : value == null ? "null" : value instanceof String ? "a string"
                : value instanceof Number ? "a number" : value instanceof Boolean ? "a boolean" : "not an object";
        throw new BadRequestException("the body is " + what + "; send a JSON object such as {\"field\": \"value\"}");
    }

    /** " at line L, column C" from the JSON parser's failure, when it says. */
    private static String where(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
                return " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
            }
        }
        return "";
    }

    /** A numeric path parameter, or 400. */
    public static long id(RoutingContext ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new BadRequestException("'" + name + "' must be a number, not '" + raw + "'");
        }
    }

    public static void created(RoutingContext ctx) {
        ctx.put("cu.created", Boolean.TRUE);
    }

}
