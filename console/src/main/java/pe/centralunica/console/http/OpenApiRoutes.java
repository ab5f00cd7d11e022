package pe.centralunica.console.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET /api/openapi.json: OpenAPI 3.1. The hand-written part (info, security scheme, schemas) is the resource
 * openapi-base.json; the paths come from the registered endpoints, each with its summary, the role it needs
 * and its parameters, so the document cannot drift from the router.
 */
final class OpenApiRoutes {

    private static final Pattern PARAM = Pattern.compile(":([A-Za-z]+)");
    /** Request bodies described in openapi-base.json; the others are free-form objects. */
    private static final java.util.Map<String, String> BODIES = java.util.Map.of(
            "POST /api/login", "Login",
            "POST /api/incidents", "IncidentChange",
            "PATCH /api/incidents/:id", "IncidentChange",
            "POST /api/calls/:id/incident", "LinkCall",
            "POST /api/live/calls/:uniqueid/transfer", "Transfer",
            "POST /api/admin/users", "NewUser",
            "POST /api/admin/rules", "Rule",
            "PUT /api/admin/rules/:id", "Rule",
            "POST /api/admin/rules/:id/enabled", "Enabled",
            "POST /api/admin/rules/dry-run", "DryRun");

    private final ApiRouter api;

    OpenApiRoutes(ApiRouter api) {
        this.api = api;
    }

    void mount(ApiRouter routes) {
        routes.raw(HttpMethod.GET, "/api/openapi.json", Access.PUBLIC, "This document", ctx -> ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8").end(document().encodePrettily()));
    }

    JsonObject document() {
        JsonObject doc = base();
        JsonObject paths = new JsonObject();
        for (Endpoint e : api.endpoints()) {
            JsonObject item = paths.getJsonObject(e.openApiPath());
            if (item == null) {
                item = new JsonObject();
                paths.put(e.openApiPath(), item);
            }
            JsonObject op = new JsonObject().put("summary", e.summary())
                    .put("operationId", e.method().name().toLowerCase(Locale.ROOT) + e.openApiPath().replaceAll("[^A-Za-z0-9]+", "_"))
                    .put("tags", new JsonArray().add(e.access() == Access.PUBLIC ? "public" : e.access().name().toLowerCase(Locale.ROOT)))
                    .put("x-required-role", e.access() == Access.PUBLIC ? null : e.access().name());
            JsonArray parameters = new JsonArray();
            Matcher m = PARAM.matcher(e.path());
            while (m.find()) {
                parameters.add(new JsonObject().put("name", m.group(1)).put("in", "path").put("required", true)
                        .put("schema", new JsonObject().put("type", "string")));
            }
            if (!parameters.isEmpty()) {
                op.put("parameters", parameters);
            }
            JsonObject responses = new JsonObject()
                    .put("200", new JsonObject().put("description", "OK (201 when created, 204 when there is no body)"))
                    .put("400", ref("BadRequest"));
            if (e.access() == Access.PUBLIC) {
                op.put("security", new JsonArray());
            } else {
                responses.put("401", ref("Unauthenticated")).put("403", ref("Forbidden"));
                if (e.method() != HttpMethod.GET) {
                    op.put("security", new JsonArray().add(new JsonObject().put("session", new JsonArray()).put("csrf", new JsonArray())));
                }
            }
            if (e.method() == HttpMethod.POST || e.method() == HttpMethod.PUT || e.method() == HttpMethod.PATCH) {
                String schema = BODIES.get(e.method().name() + " " + e.path());
                op.put("requestBody", new JsonObject().put("content", new JsonObject().put("application/json",
                        new JsonObject().put("schema", schema == null ? new JsonObject().put("type", "object")
                                : new JsonObject().put("$ref", "#/components/schemas/" + schema)))));
            }
            op.put("responses", responses);
            item.put(e.method().name().toLowerCase(Locale.ROOT), op);
        }
        return doc.put("paths", paths);
    }

    private static JsonObject ref(String response) {
        return new JsonObject().put("$ref", "#/components/responses/" + response);
    }

    private static JsonObject base() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream("/openapi-base.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
