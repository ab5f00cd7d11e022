package pe.centralunica.router.store;

import pe.centralunica.router.CallerClass;
import pe.centralunica.router.rules.Rule;
import pe.centralunica.router.rules.RuleTarget;
import pe.centralunica.router.rules.Schedule;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What an administrator submits to create or replace a rule (id, revision and version are the store's). */
public record RuleDraft(String name, Optional<String> jurisdiction, Optional<String> district,
                        Optional<String> emergencyType, Optional<CallerClass> callerClass, Schedule schedule,
                        int priority, boolean enabled, List<RuleTarget> targets) {

    public RuleDraft {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(district, "district");
        Objects.requireNonNull(emergencyType, "emergencyType");
        Objects.requireNonNull(callerClass, "callerClass");
        Objects.requireNonNull(schedule, "schedule");
        targets = List.copyOf(targets);
    }

    Rule toRule(long id, int revision) {
        return new Rule(id, name, jurisdiction, district, emergencyType, callerClass, schedule, priority, enabled,
                revision, targets);
    }

    /** The draft of an existing rule, to edit. */
    public static RuleDraft of(Rule rule) {
        return new RuleDraft(rule.name(), rule.jurisdiction(), rule.district(), rule.emergencyType(),
                rule.callerClass(), rule.schedule(), rule.priority(), rule.enabled(), rule.targets());
    }
}
