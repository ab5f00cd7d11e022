package pe.centralunica.console.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import pe.centralunica.console.security.Authenticator;
import pe.centralunica.console.security.LoginOutcome;
import pe.centralunica.console.security.Sessions;
import pe.centralunica.console.security.User;
import pe.centralunica.console.security.Users;

/** POST /api/login, POST /api/logout, GET /api/me. */
final class AuthRoutes {

    private final Authenticator authenticator;
    private final Sessions sessions;
    private final SessionCookie cookie;
    private final ClientAddress addresses;

    AuthRoutes(Authenticator authenticator, Sessions sessions, SessionCookie cookie, ClientAddress addresses) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.cookie = cookie;
        this.addresses = addresses;
    }

    void mount(ApiRouter api) {
        api.post("/api/login", Access.PUBLIC, "Sign in; sets the session cookie and returns the CSRF token", this::login);
        api.post("/api/logout", Access.DISPATCHER, "Sign out (ends the session on every node)", this::logout);
        api.get("/api/me", Access.DISPATCHER, "The signed-in user and the CSRF token", ctx -> me(ApiRouter.session(ctx)));
    }

    private Object login(RoutingContext ctx) {
        // A JSON content type cannot be sent cross-site without a CORS preflight we never grant: no login CSRF.
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "send the credentials as application/json: {\"username\":…,\"password\":…}");
        }
        JsonObject body = ApiRouter.body(ctx);
        String username = body.getValue("username") instanceof String s ? s : null;
        String password = body.getValue("password") instanceof String s ? s : null;
        if (username == null || username.isBlank() || password == null || password.isEmpty() || password.length() > 200) {
            throw new BadRequestException("give 'username' and 'password' as strings");
        }
        // A name no user can have is refused before the throttle and the audit log see it: a sender cannot fill
        // either with long or random strings.
        if (!Users.USERNAME.matcher(username.strip().toLowerCase(java.util.Locale.ROOT)).matches()) {
            throw new BadRequestException("'username' has 3 to 40 characters: a-z, 0-9, '.', '_' or '-'");
        }
        String address = addresses.of(ctx);
        LoginOutcome outcome = authenticator.login(username, password, address);
        return switch (outcome) {
            case LoginOutcome.LoggedIn in -> {
                cookie.set(ctx, in.session());
                yield me(in.session());
            }
            case LoginOutcome.Refused r -> throw new ApiException(401, "wrong username or password");
            case LoginOutcome.Throttled t -> {
                ctx.response().putHeader("Retry-After", Long.toString(t.retryAfter().toSeconds()));
                throw new ApiException(429, "too many failed sign-ins; try again in " + t.retryAfter().toSeconds() + " s");
            }
        };
    }

    private Object logout(RoutingContext ctx) {
        sessions.close(ApiRouter.session(ctx).token());
        cookie.clear(ctx);
        return null;
    }

    static JsonObject me(Sessions.Session session) {
        User u = session.user();
        return new JsonObject().put("id", u.id()).put("username", u.username()).put("displayName", u.displayName())
                .put("role", u.role().name()).put("agencyCode", u.agencyCode().orElse(null))
                .put("phoneInterface", u.phoneInterface().orElse(null)).put("csrfToken", session.csrfToken());
    }

}
