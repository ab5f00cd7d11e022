package pe.centralunica.console.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import pe.centralunica.console.exchange.Exchange;
import pe.centralunica.console.security.User;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Incidents leaving Central Única in a standard form. For staff: the EIDO of an incident, evidence packages of an
 * incident or a call (supervisors), and agency tokens (admins). For agencies, with {@code Authorization: Bearer
 * <token>} and no session: their incidents, pulled and pushed as EIDO. Agency routes are registered PUBLIC for the
 * session check; the token check is here.
 */
final class ExchangeRoutes {

    private final Exchange exchange;
    private final BlockingCalls blocking;

    ExchangeRoutes(Exchange exchange, BlockingCalls blocking) {
        this.exchange = exchange;
        this.blocking = blocking;
    }

    void mount(ApiRouter api) {
        api.get("/api/incidents/:id/eido", Access.DISPATCHER, "The incident as a NENA EIDO message (JSON, schema-validated)",
                ctx -> exchange.eido().eidoJson(ApiRouter.id(ctx, "id"), ApiRouter.user(ctx).districtScope())
                        .orElseThrow(() -> new ApiException(404, "no such incident")));
        api.raw(HttpMethod.GET, "/api/incidents/:id/evidence", Access.SUPERVISOR,
                "The incident's evidence package (ZIP: EIDO, timelines, narrative, audit trail, signed SHA-256 manifest); audited",
                ctx -> {
                    long id = ApiRouter.id(ctx, "id");
                    evidence(ctx, "incident-" + id, user -> exchange.evidence().incident(id, user.districtScope(), user.username()));
                });
        api.raw(HttpMethod.GET, "/api/calls/:id/evidence", Access.SUPERVISOR,
                "The call's evidence package (ZIP: record, timeline, recording and its plays, prank marks on the number, audit"
                        + " trail, its incident's EIDO, signed SHA-256 manifest); audited", ctx -> {
                    UUID call;
                    try {
                        call = UUID.fromString(ctx.pathParam("id"));
                    } catch (IllegalArgumentException e) {
                        ApiError.send(ctx, 400, "'id' must be a call id (UUID)");
                        return;
                    }
                    evidence(ctx, "call-" + call, user -> exchange.callEvidence().call(call, user.districtScope(), user.username()));
                });

        api.post("/api/admin/agencies/:code/tokens", Access.ADMIN, "Make an API token for an agency {label}; shown once", ctx -> {
            ApiRouter.created(ctx);
            return exchange.tokens().create(ctx.pathParam("code"), ApiRouter.body(ctx).getString("label"), ApiRouter.user(ctx).username());
        });
        api.put("/api/admin/agencies/:code/endpoint", Access.ADMIN,
                "Set an agency's webhook {url}; answers the new HMAC secret once", ctx -> exchange.endpoints()
                        .set(ctx.pathParam("code"), ApiRouter.body(ctx).getString("url"), ApiRouter.user(ctx).username()));
        api.get("/api/admin/agency-tokens", Access.ADMIN, "Agencies' API tokens (never their text)", ctx -> exchange.tokens().list());
        api.post("/api/admin/agency-tokens/:id/revoke", Access.ADMIN, "Revoke an agency's API token",
                ctx -> exchange.tokens().revoke(ApiRouter.id(ctx, "id"), ApiRouter.user(ctx).username()));

        api.get("/api/agency/incidents", Access.PUBLIC, "Agency token: the agency's incidents (?open=true)",
                ctx -> exchange.agencies().incidents(agency(ctx), "true".equals(ctx.request().getParam("open"))));
        api.get("/api/agency/incidents/:id/eido", Access.PUBLIC, "Agency token: one of the agency's incidents as EIDO",
                ctx -> exchange.agencies().eido(agency(ctx), ApiRouter.id(ctx, "id")));
        api.post("/api/agency/incidents/:id/eido", Access.PUBLIC,
                "Agency token: push an EIDO update (new notes, units, status); 409 lists conflicts, never overwritten",
                ctx -> exchange.agencies().push(agency(ctx), ApiRouter.id(ctx, "id"), ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes()));
    }

    /** Sends the package {@code make} builds for the signed-in user, as {@code <name>-evidence.zip}; 404 when empty. */
    private void evidence(RoutingContext ctx, String name,
                          Function<User, Optional<byte[]>> make) {
        var user = ApiRouter.user(ctx);
        blocking.run(() -> make.apply(user)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                ApiError.send(ctx, 404, "no such " + name.substring(0, name.indexOf('-')));
            } else {
                ctx.response().putHeader("Content-Type", "application/zip").putHeader("Cache-Control", "no-store")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + name + "-evidence.zip\"")
                        .end(Buffer.buffer(ar.result().get()));
            }
        });
    }

    /** The agency of the request's bearer token, or 401. */
    private String agency(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        return exchange.tokens().agencyOf(token).orElseThrow(() -> {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"central-unica-agencies\"");
            return new ApiException(401, token == null ? "send the agency's API token as 'Authorization: Bearer …'"
                    : "this token is unknown or revoked");
        });
    }
}
