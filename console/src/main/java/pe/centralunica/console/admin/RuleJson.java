package pe.centralunica.console.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.console.http.BadRequestException;
import pe.centralunica.router.CallerClass;
import pe.centralunica.router.RouteDecision;
import pe.centralunica.router.RouteStep;
import pe.centralunica.router.rules.Problem;
import pe.centralunica.router.rules.Rule;
import pe.centralunica.router.rules.RuleTarget;
import pe.centralunica.router.rules.Schedule;
import pe.centralunica.router.rules.TargetRef;
import pe.centralunica.router.store.RuleChange;
import pe.centralunica.router.store.RuleDraft;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Routing rules on the wire. A target is a route_target code or "DISTRICT_CENTRAL" (the caller's district
 * Serenazgo); days are MONDAY…SUNDAY; times HH:MM in the deployment's zone.
 */
public final class RuleJson {

    private static final Set<String> FIELDS = Set.of("name", "jurisdiction", "district", "emergencyType", "callerClass",
            "days", "from", "to", "priority", "enabled", "targets", "revision");

    private RuleJson() {
    }

    public static JsonObject of(Rule r) {
        JsonArray targets = new JsonArray();
        for (RuleTarget t : r.targets()) {
            targets.add(new JsonObject()
                    .put("target", t.target() instanceof TargetRef.Fixed(String code) ? code : TargetRef.DistrictCentral.NAME)
                    .put("ringTimeoutSeconds", t.ringTimeoutSeconds().orElse(null)));
        }
        return new JsonObject().put("id", r.id()).put("name", r.name())
                .put("jurisdiction", r.jurisdiction().orElse(null)).put("district", r.district().orElse(null))
                .put("emergencyType", r.emergencyType().orElse(null))
                .put("callerClass", r.callerClass().map(Enum::name).orElse(null))
                .put("days", r.schedule().days().map(d -> new JsonArray(d.stream().sorted().map(Enum::name).toList())).orElse(null))
                .put("from", r.schedule().from().map(LocalTime::toString).orElse(null))
                .put("to", r.schedule().to().map(LocalTime::toString).orElse(null))
                .put("schedule", r.schedule().describe())
                .put("priority", r.priority()).put("enabled", r.enabled()).put("revision", r.revision())
                .put("targets", targets);
    }

    public static RuleDraft draft(JsonObject o) {
        for (String key : o.fieldNames()) {
            if (!FIELDS.contains(key)) {
                throw new BadRequestException("unknown field '" + key + "' in a rule; fields: " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        String name = text(o, "name").orElseThrow(() -> new BadRequestException("'name' is required"));
        Optional<CallerClass> callerClass = text(o, "callerClass").map(v -> enumValue(CallerClass.class, v, "callerClass"));
        Optional<Set<DayOfWeek>> days = Optional.empty();
        if (o.getValue("days") != null) {
            if (!(o.getValue("days") instanceof JsonArray a) || a.isEmpty()) {
                throw new BadRequestException("'days' must be a non-empty list such as [\"MONDAY\",\"FRIDAY\"], or null for every day");
            }
            Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
            for (Object d : a) {
                set.add(enumValue(DayOfWeek.class, String.valueOf(d), "days"));
            }
            days = Optional.of(set);
        }
        Schedule schedule;
        try {
            schedule = new Schedule(days, text(o, "from").map(t -> time(t, "from")), text(o, "to").map(t -> time(t, "to")));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("schedule: " + e.getMessage());
        }
        if (!(o.getValue("priority") instanceof Number p) || p.intValue() < 1 || p.intValue() > 5) {
            throw new BadRequestException("'priority' must be a whole number from 1 (most urgent) to 5");
        }
        Object enabled = o.getValue("enabled", Boolean.TRUE);
        if (!(enabled instanceof Boolean)) {
            throw new BadRequestException("'enabled' must be true or false");
        }
        if (!(o.getValue("targets") instanceof JsonArray list)) {
            throw new BadRequestException("'targets' must be a list of {\"target\": code or \"DISTRICT_CENTRAL\", \"ringTimeoutSeconds\": n}");
        }
        List<RuleTarget> targets = new ArrayList<>();
        for (Object t : list) {
            JsonObject target = t instanceof JsonObject j ? j : t instanceof String s ? new JsonObject().put("target", s) : null;
            if (target == null || !(target.getValue("target") instanceof String code) || code.isBlank()) {
                throw new BadRequestException("each target needs a 'target' code");
            }
            Object timeout = target.getValue("ringTimeoutSeconds");
            if (timeout != null && !(timeout instanceof Number)) {
                throw new BadRequestException("'ringTimeoutSeconds' must be a number of seconds");
            }
            Optional<Integer> seconds = Optional.ofNullable((Number) timeout).map(Number::intValue);
            try {
                targets.add(new RuleTarget(code.equals(TargetRef.DistrictCentral.NAME) ? new TargetRef.DistrictCentral()
                        : new TargetRef.Fixed(code.strip()), seconds));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("target '" + code + "': " + e.getMessage());
            }
        }
        return new RuleDraft(name, text(o, "jurisdiction"), text(o, "district"), text(o, "emergencyType"), callerClass,
                schedule, p.intValue(), (Boolean) enabled, targets);
    }

    public static JsonObject change(RuleChange c) {
        return new JsonObject().put("id", c.ruleId()).put("revision", c.revision()).put("routingVersion", c.routingVersion())
                .put("warnings", problems(c.warnings()));
    }

    public static JsonArray problems(List<Problem> problems) {
        JsonArray a = new JsonArray();
        problems.forEach(p -> a.add(new JsonObject().put("severity", p.severity().name()).put("ruleId", p.ruleId())
                .put("message", p.message())));
        return a;
    }

    public static JsonObject decision(RouteDecision d) {
        JsonArray steps = new JsonArray();
        for (RouteStep s : d.steps()) {
            steps.add(new JsonObject().put("target", s.targetCode()).put("kind", s.kind().name())
                    .put("asteriskTarget", s.asteriskTarget()).put("ringTimeoutSeconds", s.ringTimeoutSeconds()));
        }
        JsonArray skipped = new JsonArray();
        d.skipped().forEach(s -> skipped.add(new JsonObject().put("target", s.targetCode()).put("reason", s.reason())));
        return new JsonObject().put("ruleId", d.ruleId()).put("ruleName", d.ruleName()).put("priority", d.priority())
                .put("steps", steps).put("skipped", skipped).put("explanation", d.explanation())
                .put("tableVersion", d.tableVersion());
    }

    static Optional<String> text(JsonObject o, String key) {
        Object v = o.getValue(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new BadRequestException("'" + key + "' must be text");
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("'" + field + "': unknown value '" + value + "'; use one of "
                    + String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
        }
    }

    private static LocalTime time(String text, String field) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("'" + field + "' must be a time HH:MM, not '" + text + "'");
        }
    }
}
