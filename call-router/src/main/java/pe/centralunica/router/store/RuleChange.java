package pe.centralunica.router.store;

import pe.centralunica.router.rules.Problem;

import java.util.List;

/**
 * A committed rule change.
 *
 * @param revision       the rule's revision after the change (0 when it was deleted)
 * @param routingVersion the routing version the change produced; nodes reload up to it
 * @param warnings       problems of this rule that did not block the change (e.g. a disabled target in its list)
 */
public record RuleChange(long ruleId, int revision, long routingVersion, List<Problem> warnings) {

    public RuleChange {
        warnings = List.copyOf(warnings);
    }
}
