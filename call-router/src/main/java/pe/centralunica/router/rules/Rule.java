package pe.centralunica.router.rules;

import pe.centralunica.router.CallerClass;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A routing rule: optional criteria (empty = any) and an ordered target list.
 *
 * @param id       routing_rule.id; {@link #NEW_ID} for a rule not stored yet
 * @param priority queue priority 1 (most urgent) … 5
 * @param revision bumped by every change
 */
public record Rule(long id, String name, Optional<String> jurisdiction, Optional<String> district,
                   Optional<String> emergencyType, Optional<CallerClass> callerClass, Schedule schedule,
                   int priority, boolean enabled, int revision, List<RuleTarget> targets) {

    /** Id of a rule being created (validated before it has a database id). */
    public static final long NEW_ID = 0;

    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(district, "district");
        Objects.requireNonNull(emergencyType, "emergencyType");
        Objects.requireNonNull(callerClass, "callerClass");
        Objects.requireNonNull(schedule, "schedule");
        targets = List.copyOf(targets);
    }

    /** Which criteria the rule sets, as a precedence weight (see {@link Specificity}). */
    public int specificity() {
        return Specificity.of(this);
    }

    /** "#12 'Delito: serenazgo y PNP'" or "new rule 'X'", for messages. */
    public String label() {
        return (id == NEW_ID ? "new rule" : "#" + id) + " '" + name + "'";
    }

    public Rule withId(long newId) {
        return new Rule(newId, name, jurisdiction, district, emergencyType, callerClass, schedule, priority, enabled,
                revision, targets);
    }

    public Rule withEnabled(boolean on) {
        return new Rule(id, name, jurisdiction, district, emergencyType, callerClass, schedule, priority, on,
                revision, targets);
    }

    public Rule withRevision(int newRevision) {
        return new Rule(id, name, jurisdiction, district, emergencyType, callerClass, schedule, priority, enabled,
                newRevision, targets);
    }
}
