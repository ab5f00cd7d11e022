package pe.centralunica.console.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import pe.centralunica.console.security.Sessions;

/**
 * The session cookie: HttpOnly (scripts cannot read it), SameSite=Strict (no other site's page sends it),
 * Path=/, Secure when the node is behind TLS (CU_SECURE_COOKIES=true). No Max-Age: the server decides expiry.
 */
final class SessionCookie {

    static final String NAME = "cu_session";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final boolean secure;

    SessionCookie(boolean secure) {
        this.secure = secure;
    }

    void set(RoutingContext ctx, Sessions.Session session) {
        ctx.response().addCookie(Cookie.cookie(NAME, session.token()).setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.STRICT).setPath("/"));
    }

    void clear(RoutingContext ctx) {
        ctx.response().addCookie(Cookie.cookie(NAME, "").setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.STRICT).setPath("/").setMaxAge(0));
    }

    static String token(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(NAME);
        return cookie == null ? null : cookie.getValue();
    }
}
