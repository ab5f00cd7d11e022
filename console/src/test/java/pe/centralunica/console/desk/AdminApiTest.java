package pe.centralunica.console.desk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.console.http.Access;
import pe.centralunica.console.http.Endpoint;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Administrators: users, reference data, routing rules with validation and dry-run, audit, OpenAPI. */
class AdminApiTest {

    private static ConsoleNode console;
    private static ConsoleNode.Client admin;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
        admin = console.login("admin");
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    private static JsonObject dryRun(String type, String district) throws Exception {
        HttpResponse<String> r = admin.post("/api/admin/rules/dry-run", new JsonObject().put("type", type).put("district", district)
                .put("at", "2026-12-01T10:00"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    @Test
    void aRuleChangeIsFollowedByTheNextDryRunAndAudited() throws Exception {
        JsonObject before = dryRun("CRIME", "150122");
        long ruleId = before.getLong("ruleId");
        assertThat(ruleId).as(before.encode()).isPositive();
        assertThat(before.getString("explanation")).isNotBlank();

        JsonObject rule = new JsonObject(admin.get("/api/admin/rules").body()).getJsonArray("rules").stream()
                .map(o -> (JsonObject) o).filter(o -> o.getLong("id") == ruleId).findFirst().orElseThrow();
        rule.remove("id");
        rule.remove("schedule");
        rule.put("targets", new JsonArray().add(new JsonObject().put("target", "Q-SAMU").put("ringTimeoutSeconds", 15)));
        HttpResponse<String> put = admin.put("/api/admin/rules/" + ruleId, rule);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        JsonObject after = dryRun("CRIME", "150122");
        assertThat(after.getJsonArray("steps").getJsonObject(0).getString("target")).isEqualTo("Q-SAMU");
        assertThat(console.count("SELECT count(*) FROM audit_log WHERE entity = 'routing_rule' AND entity_id = ? AND actor = 'admin'",
                Long.toString(ruleId))).isEqualTo(1);

        HttpResponse<String> stale = admin.put("/api/admin/rules/" + ruleId, rule);
        assertThat(stale.statusCode()).as("the revision read before the change").isEqualTo(409);
    }

    @Test
    void anInvalidRuleIsRefusedWith422AndItsProblemsAndNothingChanges() throws Exception {
        long version = new JsonObject(admin.get("/api/admin/rules").body()).getLong("version");
        HttpResponse<String> r = admin.post("/api/admin/rules", new JsonObject().put("name", "Hacia ninguna parte")
                .put("emergencyType", "FIRE").put("district", "150122").put("priority", 2)
                .put("targets", new JsonArray().add("Q-DOES-NOT-EXIST")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getJsonArray("problems")).isNotEmpty();
        assertThat(body.getJsonArray("problems").getJsonObject(0).getString("message")).contains("Q-DOES-NOT-EXIST");
        assertThat(new JsonObject(admin.get("/api/admin/rules").body()).getLong("version")).isEqualTo(version);

        assertThat(admin.post("/api/admin/rules", new JsonObject().put("name", "x").put("priority", 7)
                .put("targets", new JsonArray())).statusCode()).isEqualTo(400);
        assertThat(admin.post("/api/admin/rules/dry-run", new JsonObject().put("callerClass", "VIP")).statusCode()).isEqualTo(400);
    }

    @Test
    void panicButtonsAreManagedWithValidationAndAudit() throws Exception {
        JsonObject button = new JsonObject().put("deviceId", "PB-TEST-01").put("callerId", "5100001").put("latitude", -12.12)
                .put("longitude", -77.03).put("address", "Parque Kennedy").put("district", "150122").put("cameraId", "CAM-77");
        HttpResponse<String> created = admin.post("/api/admin/panic-buttons", button);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(admin.post("/api/admin/panic-buttons", button).statusCode()).isEqualTo(409);
        assertThat(admin.patch("/api/admin/panic-buttons/PB-TEST-01", new JsonObject().put("latitude", -200)).statusCode()).isEqualTo(400);
        assertThat(admin.patch("/api/admin/panic-buttons/PB-TEST-01", new JsonObject().put("district", "000000")).statusCode()).isEqualTo(400);
        assertThat(admin.patch("/api/admin/panic-buttons/PB-TEST-01", new JsonObject().put("colour", "red")).statusCode()).isEqualTo(400);
        HttpResponse<String> moved = admin.patch("/api/admin/panic-buttons/PB-TEST-01", new JsonObject().put("cameraId", "CAM-78"));
        assertThat(new JsonObject(moved.body()).getString("cameraId")).isEqualTo("CAM-78");
        assertThat(admin.delete("/api/admin/panic-buttons/PB-TEST-01").statusCode()).isEqualTo(204);
        assertThat(admin.delete("/api/admin/panic-buttons/PB-TEST-01").statusCode()).isEqualTo(404);
        JsonArray trail = new JsonArray(admin.get("/api/admin/audit?entity=panic_button").body());
        assertThat(trail.stream().map(o -> ((JsonObject) o).getString("action"))).containsExactly("DELETE", "UPDATE", "CREATE");
        assertThat(trail.getJsonObject(1).getJsonObject("before").getString("cameraId")).isEqualTo("CAM-77");
        assertThat(trail.getJsonObject(1).getJsonObject("after").getString("cameraId")).isEqualTo("CAM-78");
    }

    @Test
    void aRouteTargetStillUsedCannotBeDeletedAndDisablingItReroutesAtOnce() throws Exception {
        assertThat(admin.delete("/api/admin/route-targets/Q-METRO").statusCode()).isEqualTo(409);
        JsonObject before = dryRun("FIRE", "150122");
        String first = before.getJsonArray("steps").getJsonObject(0).getString("target");
        assertThat(admin.patch("/api/admin/route-targets/" + first, new JsonObject().put("enabled", false)).statusCode()).isEqualTo(200);
        JsonObject after = dryRun("FIRE", "150122");
        assertThat(after.getJsonArray("steps").stream().map(o -> ((JsonObject) o).getString("target"))).doesNotContain(first);
        admin.patch("/api/admin/route-targets/" + first, new JsonObject().put("enabled", true));
    }

    @Test
    void usersAreCreatedWithoutExposingHashesAndWeakPasswordsAreRefused() throws Exception {
        assertThat(admin.post("/api/admin/users", new JsonObject().put("username", "nuevo").put("displayName", "Nuevo")
                .put("password", "short").put("role", "DISPATCHER")).statusCode()).isEqualTo(400);
        assertThat(admin.post("/api/admin/users", new JsonObject().put("username", "nuevo").put("displayName", "Nuevo")
                .put("password", "long-enough-secret").put("role", "KING")).statusCode()).isEqualTo(400);
        HttpResponse<String> ok = admin.post("/api/admin/users", new JsonObject().put("username", "nuevo").put("displayName", "Nuevo")
                .put("password", "long-enough-secret").put("role", "SUPERVISOR").put("agencyCode", "PNP"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        String list = admin.get("/api/admin/users").body();
        assertThat(list).contains("nuevo").doesNotContain("pbkdf2").doesNotContain("password");
        assertThat(console.count("SELECT count(*) FROM audit_log WHERE entity = 'app_user' AND after::text LIKE '%pbkdf2%'")).isZero();
    }

    @Test
    void aUsersLanguagesAreSetAtCreationChangedByPatchAndValidated() throws Exception {
        assertThat(admin.post("/api/admin/users", new JsonObject().put("username", "rosa.q").put("displayName", "Rosa")
                .put("password", "long-enough-secret").put("role", "DISPATCHER").put("languages", new JsonArray().add("xx")))
                .statusCode()).isEqualTo(400);
        HttpResponse<String> ok = admin.post("/api/admin/users", new JsonObject().put("username", "rosa.q").put("displayName", "Rosa")
                .put("password", "long-enough-secret").put("role", "DISPATCHER").put("languages", new JsonArray().add("qu").add("es")));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        JsonObject created = new JsonObject(ok.body());
        assertThat(created.getJsonArray("languages")).containsExactly("es", "qu");

        String path = "/api/admin/users/" + created.getLong("id");
        assertThat(admin.patch(path, new JsonObject().put("languages", new JsonArray())).statusCode()).isEqualTo(400);
        HttpResponse<String> patched = admin.patch(path, new JsonObject().put("languages", new JsonArray().add("ay").add("es")));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(new JsonObject(patched.body()).getJsonArray("languages")).containsExactly("es", "ay");
        HttpResponse<String> renamed = admin.patch(path, new JsonObject().put("displayName", "Rosa Q."));
        assertThat(new JsonObject(renamed.body()).getJsonArray("languages")).as("kept when not patched").containsExactly("es", "ay");
    }

    @Test
    void theOpenApiDocumentDescribesEveryRouteOfTheRouter() throws Exception {
        HttpResponse<String> r = console.client().get("/api/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject doc = new JsonObject(r.body());
        assertThat(doc.getString("openapi")).startsWith("3.");
        JsonObject paths = doc.getJsonObject("paths");
        for (io.vertx.ext.web.Route route : console.node.api().router().getRoutes()) {
            if (route.getPath() == null) {
                continue;
            }
            String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
            String key = paths.containsKey(path) ? path : path + "*";
            assertThat(paths.containsKey(key)).as("path " + route.getPath()).isTrue();
            for (var method : route.methods()) {
                JsonObject op = paths.getJsonObject(key).getJsonObject(method.name().toLowerCase());
                assertThat(op).as(method + " " + route.getPath()).isNotNull();
                assertThat(op.getString("summary")).isNotBlank();
            }
        }
        for (Endpoint e : console.node.api().endpoints()) {
            JsonObject op = paths.getJsonObject(e.openApiPath()).getJsonObject(e.method().name().toLowerCase());
            assertThat(op.getString("x-required-role")).isEqualTo(e.access() == Access.PUBLIC ? null : e.access().name());
        }
        JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
        doc.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
            JsonObject body = ((JsonObject) op.getValue()).getJsonObject("requestBody");
            String ref = body == null ? null : body.getJsonObject("content").getJsonObject("application/json")
                    .getJsonObject("schema").getString("$ref");
            if (ref != null) {
                assertThat(schemas.containsKey(ref.substring(ref.lastIndexOf('/') + 1))).as(ref).isTrue();
            }
        }));
        assertThat(paths.getJsonObject("/api/incidents/{id}").getJsonObject("patch").encode()).contains("IncidentChange");
    }

    @Test
    void everyReadWithoutParametersAnswersAnAdministrator() throws Exception {
        for (Endpoint e : console.node.api().endpoints()) {
            if (e.method() != io.vertx.core.http.HttpMethod.GET || e.path().contains(":") || e.path().contains("*")) {
                continue;
            }
            HttpResponse<String> r = admin.get(e.path());
            int expected = e.path().equals("/api/live") ? 400 : e.path().equals("/") ? 302 : e.path().equals("/api/live/pop") ? 204
                    : e.path().startsWith("/api/agency/") ? 401 /* agencies' token routes: a staff session is no token */ : 200;
            assertThat(r.statusCode()).as("GET " + e.path() + ": " + r.body()).isEqualTo(expected);
        }
        JsonArray targets = new JsonArray(admin.get("/api/admin/route-targets").body());
        assertThat(targets.stream().map(o -> ((JsonObject) o).getString("code"))).contains("Q-METRO", "T-PNP");
        assertThat(new JsonArray(admin.get("/api/admin/agencies").body())).hasSizeGreaterThan(50);
    }

    @Test
    void aRuleIsCreatedDisabledAndDeleted() throws Exception {
        HttpResponse<String> created = admin.post("/api/admin/rules", new JsonObject().put("name", "Incendio en Barranco de noche")
                .put("emergencyType", "FIRE").put("district", "150104").put("from", "22:00").put("to", "06:00").put("priority", 1)
                .put("targets", new JsonArray().add("Q-CGBVP").add("DISTRICT_CENTRAL")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = new JsonObject(created.body()).getLong("id");
        JsonObject night = new JsonObject(admin.post("/api/admin/rules/dry-run", new JsonObject().put("type", "FIRE")
                .put("district", "150104").put("at", "2026-12-02T23:30")).body());
        assertThat(night.getLong("ruleId")).isEqualTo(id);
        assertThat(admin.post("/api/admin/rules/" + id + "/enabled", new JsonObject().put("enabled", false)).statusCode()).isEqualTo(200);
        JsonObject off = new JsonObject(admin.post("/api/admin/rules/dry-run", new JsonObject().put("type", "FIRE")
                .put("district", "150104").put("at", "2026-12-02T23:30")).body());
        assertThat(off.getLong("ruleId")).isNotEqualTo(id);
        assertThat(admin.delete("/api/admin/rules/" + id).statusCode()).isEqualTo(200);
        assertThat(admin.delete("/api/admin/rules/" + id).statusCode()).isEqualTo(404);
    }
}
