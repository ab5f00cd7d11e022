package pe.centralunica.console.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import pe.centralunica.console.recording.Recordings;

import java.util.UUID;

/** GET /api/calls/:id/recording: the call's recording (audio/wav) for those who may hear it; every play recorded. */
final class RecordingRoutes {

    private final Recordings recordings;
    private final BlockingCalls blocking;

    RecordingRoutes(Recordings recordings, BlockingCalls blocking) {
        this.recordings = recordings;
        this.blocking = blocking;
    }

    void mount(ApiRouter api) {
        api.raw(HttpMethod.GET, "/api/calls/:id/recording", Access.DISPATCHER,
                "The call's recording (audio/wav): supervisors in scope, dispatchers of the call's district; every play recorded",
                this::play);
    }

    private void play(RoutingContext ctx) {
        UUID call;
        try {
            call = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            ApiError.send(ctx, 400, "'id' must be a call id (UUID)");
            return;
        }
        var user = ApiRouter.user(ctx);
        blocking.run(() -> recordings.open(call, user)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", "audio/wav").putHeader("Cache-Control", "no-store")
                    .sendFile(ar.result().file().toString()).onFailure(ctx::fail);
        });
    }
}
