package pe.centralunica.router.rules;

import java.util.Objects;
import java.util.Optional;

/**
 * One step of a rule's target list.
 *
 * @param ringTimeoutSeconds overrides the target's own ring timeout when present
 */
public record RuleTarget(TargetRef target, Optional<Integer> ringTimeoutSeconds) {

    public RuleTarget {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(ringTimeoutSeconds, "ringTimeoutSeconds");
    }

    public static RuleTarget of(String code) {
        return new RuleTarget(TargetRef.fixed(code), Optional.empty());
    }

    public static RuleTarget of(String code, int ringTimeoutSeconds) {
        return new RuleTarget(TargetRef.fixed(code), Optional.of(ringTimeoutSeconds));
    }

    public static RuleTarget districtCentral() {
        return new RuleTarget(TargetRef.districtCentral(), Optional.empty());
    }

    public static RuleTarget districtCentral(int ringTimeoutSeconds) {
        return new RuleTarget(TargetRef.districtCentral(), Optional.of(ringTimeoutSeconds));
    }
}
