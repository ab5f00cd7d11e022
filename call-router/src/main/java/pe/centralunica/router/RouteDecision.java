package pe.centralunica.router;

import java.util.List;

/**
 * A routing decision that explains itself.
 *
 * @param ruleId      the rule that matched (0 when none did and the metropolitan centre takes the call)
 * @param priority    queue priority 1 (highest) … 5
 * @param steps       targets to try in order; the metropolitan centre last; never empty
 * @param skipped     targets of the rule left out, each with why
 * @param explanation one readable paragraph: which rule, why it won, what was skipped
 * @param tableVersion the routing table version that decided (so a decision can be traced to a rule change)
 */
public record RouteDecision(long ruleId, String ruleName, int priority, List<RouteStep> steps,
                            List<Skipped> skipped, String explanation, long tableVersion) {

    public RouteDecision {
        steps = List.copyOf(steps);
        skipped = List.copyOf(skipped);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a route always ends at the metropolitan centre");
        }
    }

    /**
     * The value for Asterisk's {@code QUEUE_PRIO} (a higher value is answered sooner): {@code 6 - priority},
     * so priority 1 → 5 … priority 5 → 1, and every routed call is above a call queued without it (0).
     */
    public int queuePriority() {
        return 6 - priority;
    }

    public record Skipped(String targetCode, String reason) {
    }
}
