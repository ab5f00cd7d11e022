package pe.centralunica.console.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import pe.centralunica.console.live.LiveChannel;

import java.net.URI;

/**
 * GET /api/live: the WebSocket of the live feed. The session cookie authenticates the handshake (the same
 * checks as every API route); the Origin must be this server, so another site cannot open it with the
 * user's cookie (SameSite=Strict already keeps the cookie off such handshakes; this is the second lock).
 */
final class LiveRoutes {

    private final LiveChannel channel;

    LiveRoutes(LiveChannel channel) {
        this.channel = channel;
    }

    void mount(ApiRouter api) {
        api.raw(HttpMethod.GET, "/api/live", Access.DISPATCHER, "WebSocket: live queue and screen pops", this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        String host = ctx.request().getHeader("Host");
        if (origin != null && (host == null || !host.equalsIgnoreCase(authority(origin)))) {
            ApiError.send(ctx, 403, "the live feed only accepts pages of this server");
            return;
        }
        if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
            ApiError.send(ctx, 400, "this is a WebSocket endpoint; open it with new WebSocket(...)");
            return;
        }
        var session = ApiRouter.session(ctx);
        ctx.request().toWebSocket().onSuccess(ws -> channel.attach(ws, session)).onFailure(ctx::fail);
    }

    private static String authority(String origin) {
        try {
            return URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
