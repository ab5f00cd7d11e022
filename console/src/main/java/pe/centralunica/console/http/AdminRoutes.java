package pe.centralunica.console.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import pe.centralunica.console.admin.Catalogue;
import pe.centralunica.console.admin.RuleJson;
import pe.centralunica.console.security.Role;
import pe.centralunica.console.security.SpokenLanguages;
import pe.centralunica.console.security.Users;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.router.CallFacts;
import pe.centralunica.router.CallerClass;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.RoutingTable;
import pe.centralunica.router.rules.Rule;
import pe.centralunica.router.store.JdbcRuleRepository;
import pe.centralunica.router.store.RuleAdmin;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The administrator's API: users, reference data, routing rules with dry-run, the audit trail. */
final class AdminRoutes {

    private final Users users;
    private final List<Catalogue> catalogues;
    private final RuleAdmin rules;
    private final JdbcRuleRepository ruleStore;
    private final LiveRouter router;
    private final Runnable routingChanged;
    private final ZoneId zone;
    private final Jdbc jdbc;

    AdminRoutes(Users users, List<Catalogue> catalogues, RuleAdmin rules, JdbcRuleRepository ruleStore, LiveRouter router,
                Runnable routingChanged, ZoneId zone, Jdbc jdbc) {
        this.users = users;
        this.catalogues = catalogues;
        this.rules = rules;
        this.ruleStore = ruleStore;
        this.router = router;
        this.routingChanged = routingChanged;
        this.zone = zone;
        this.jdbc = jdbc;
    }

    void mount(ApiRouter api) {
        api.get("/api/admin/users", Access.ADMIN, "Users (no password hashes)", ctx -> users.list());
        api.post("/api/admin/users", Access.ADMIN, "Create a user {username, displayName, password, role, agencyCode, phoneInterface, languages}", ctx -> {
            ApiRouter.created(ctx);
            return users.create(newUser(ApiRouter.body(ctx)), actor(ctx));
        });
        api.patch("/api/admin/users/:id", Access.ADMIN, "Change a user (role, agency, phone, languages, active, password)", ctx -> {
            JsonObject patch = ApiRouter.body(ctx);
            patch.fieldNames().forEach(k -> {
                if (!List.of("displayName", "role", "agencyCode", "phoneInterface", "languages", "active", "password").contains(k)) {
                    throw new BadRequestException("unknown field '" + k + "'");
                }
            });
            if (patch.containsKey("role")) {
                patch.put("role", Role.parse(patch.getValue("role")).name());
            }
            if (patch.containsKey("languages")) {
                patch.put("languages", new JsonArray(languages(patch)));
            }
            return users.update(ApiRouter.id(ctx, "id"), patch, actor(ctx))
                    .orElseThrow(() -> ApiException.notFound("user #" + ctx.pathParam("id")));
        });

        for (Catalogue c : catalogues) {
            String base = "/api/admin/" + c.resource();
            api.get(base, Access.SUPERVISOR, "List " + c.resource(), ctx -> c.list());
            api.post(base, Access.ADMIN, "Create one of " + c.resource(), ctx -> {
                ApiRouter.created(ctx);
                JsonObject created = c.create(ApiRouter.body(ctx), actor(ctx));
                routingChanged.run();
                return created;
            });
            api.patch(base + "/:key", Access.ADMIN, "Change one of " + c.resource(), ctx -> {
                JsonObject changed = c.update(ctx.pathParam("key"), ApiRouter.body(ctx), actor(ctx))
                        .orElseThrow(() -> ApiException.notFound(c.resource() + " '" + ctx.pathParam("key") + "'"));
                routingChanged.run();
                return changed;
            });
            api.delete(base + "/:key", Access.ADMIN, "Delete one of " + c.resource(), ctx -> {
                if (!c.delete(ctx.pathParam("key"), actor(ctx))) {
                    throw ApiException.notFound(c.resource() + " '" + ctx.pathParam("key") + "'");
                }
                routingChanged.run();
                return null;
            });
        }

        api.get("/api/admin/rules", Access.SUPERVISOR, "Routing rules with their validation warnings", ctx -> {
            var set = ruleStore.load();
            JsonArray list = new JsonArray();
            set.rules().forEach(r -> list.add(RuleJson.of(r)));
            return new JsonObject().put("version", set.version()).put("rules", list)
                    .put("warnings", RuleJson.problems(RoutingTable.compile(set, zone).warnings()));
        });
        api.post("/api/admin/rules", Access.ADMIN, "Create a rule (422 with the problems when the set would be invalid)", ctx -> {
            ApiRouter.created(ctx);
            return changed(rules.create(RuleJson.draft(ApiRouter.body(ctx)), actor(ctx)));
        });
        api.put("/api/admin/rules/:id", Access.ADMIN, "Replace a rule; 'revision' must be the one read (409 otherwise)", ctx -> {
            JsonObject body = ApiRouter.body(ctx);
            if (!(body.getValue("revision") instanceof Number revision)) {
                throw new BadRequestException("give the 'revision' you edited (optimistic locking)");
            }
            return changed(rules.update(ApiRouter.id(ctx, "id"), revision.intValue(), RuleJson.draft(body), actor(ctx)));
        });
        api.post("/api/admin/rules/:id/enabled", Access.ADMIN, "Enable or disable a rule {enabled}", ctx -> {
            if (!(ApiRouter.body(ctx).getValue("enabled") instanceof Boolean on)) {
                throw new BadRequestException("give 'enabled': true or false");
            }
            return changed(rules.setEnabled(ApiRouter.id(ctx, "id"), on, actor(ctx)));
        });
        api.delete("/api/admin/rules/:id", Access.ADMIN, "Delete a rule", ctx -> changed(rules.delete(ApiRouter.id(ctx, "id"), actor(ctx))));
        api.post("/api/admin/rules/dry-run", Access.SUPERVISOR,
                "Where would a call go, and why: {type, district, jurisdiction, callerClass, at, draft?, ruleId?}", this::dryRun);

        api.get("/api/admin/audit", Access.ADMIN, "The audit trail, newest first (?entity=&actor=&limit=)", ctx -> {
            String entity = ctx.request().getParam("entity");
            String actor = ctx.request().getParam("actor");
            int limit = ConsoleRoutes.intParam(ctx, "limit", 200, 1, 2000);
            return jdbc.tx("reading the audit trail", tx -> tx.array("""
                    SELECT id, at, actor, action, entity, entity_id AS "entityId", before, after FROM audit_log
                     WHERE (?::text IS NULL OR entity = ?::text) AND (?::text IS NULL OR actor = ?::text)
                     ORDER BY id DESC LIMIT ?""", entity, entity, actor, actor, limit));
        });
    }

    private JsonObject changed(pe.centralunica.router.store.RuleChange change) {
        routingChanged.run();
        return RuleJson.change(change);
    }

    private Object dryRun(RoutingContext ctx) {
        JsonObject body = ApiRouter.body(ctx);
        String type = Optional.ofNullable(body.getString("type")).map(s -> s.toUpperCase(Locale.ROOT)).orElse("UNKNOWN");
        CallerClass callerClass = Optional.ofNullable(body.getString("callerClass"))
                .map(s -> enumValue(s)).orElse(CallerClass.NORMAL);
        ZonedDateTime at;
        try {
            at = body.getString("at") == null ? ZonedDateTime.now(zone)
                    : java.time.LocalDateTime.parse(body.getString("at")).atZone(zone);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("'at' is a local date-time such as 2026-12-01T22:30 (" + zone + ")");
        }
        Optional<String> district = Optional.ofNullable(body.getString("district"));
        Optional<String> jurisdiction = Optional.ofNullable(body.getString("jurisdiction"));
        if (jurisdiction.isEmpty() && district.isPresent()) {
            jurisdiction = jdbc.tx("reading a district", tx -> tx.one(
                    "SELECT jurisdiction_code FROM district WHERE ubigeo = ?", rs -> rs.getString(1), district.get()));
            if (jurisdiction.isEmpty()) {
                throw new BadRequestException("unknown district '" + district.get() + "'");
            }
        }
        CallFacts facts = new CallFacts(jurisdiction, district, type, callerClass, at);
        RoutingTable table;
        if (body.getValue("draft") instanceof JsonObject draft) {
            long ruleId = body.getValue("ruleId") instanceof Number n ? n.longValue() : Rule.NEW_ID;
            table = rules.preview(ruleId, RuleJson.draft(draft));
        } else {
            // The stored rules as of now (this node may be up to a second behind an edit made on another node).
            table = RoutingTable.compile(ruleStore.load(), zone);
        }
        // An ISO instant with its offset (no zone id, no nanoseconds): the console formats it for people.
        return RuleJson.decision(router.dryRun(table, facts)).put("at", at.toOffsetDateTime().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }

    private static CallerClass enumValue(String s) {
        try {
            return CallerClass.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("unknown callerClass '" + s + "'; use NORMAL, PANIC, SILENT or FLAGGED");
        }
    }

    private static Users.NewUser newUser(JsonObject o) {
        for (String k : List.of("username", "displayName", "password")) {
            if (!(o.getValue(k) instanceof String s) || s.isBlank()) {
                throw new BadRequestException("'" + k + "' is required text");
            }
        }
        return new Users.NewUser(o.getString("username").strip().toLowerCase(Locale.ROOT), o.getString("displayName").strip(),
                o.getString("password"), Role.parse(o.getValue("role")),
                Optional.ofNullable(o.getString("agencyCode")), Optional.ofNullable(o.getString("phoneInterface")),
                o.containsKey("languages") ? languages(o) : SpokenLanguages.DEFAULT);
    }

    /** {@code languages}: an array of es, qu, ay, en (at least one). */
    private static List<String> languages(JsonObject o) {
        if (!(o.getValue("languages") instanceof JsonArray a) || !a.stream().allMatch(String.class::isInstance)) {
            throw new BadRequestException("'languages' is an array of language codes (es, qu, ay, en)");
        }
        try {
            return SpokenLanguages.parse(a.getList().stream().map(String::valueOf).toList());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("'languages': " + e.getMessage());
        }
    }

    private static String actor(RoutingContext ctx) {
        return ApiRouter.user(ctx).username();
    }
}
