package pe.centralunica.console.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON error bodies: {"status": 400, "error": "Bad Request", "message": "what was wrong and what to send"}. */
final class ApiError {

    private ApiError() {
    }

    public static void send(RoutingContext ctx, int status, String message) {
        send(ctx, status, message, null);
    }

    /** With extra fields (e.g. "problems" of a refused rule change). */
    public static void send(RoutingContext ctx, int status, String message, JsonObject details) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject()
                        .put("status", status)
                        .put("error", io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase())
                        .put("message", message)
                        .mergeIn(details == null ? new JsonObject() : details)
                        .encode());
    }
}
