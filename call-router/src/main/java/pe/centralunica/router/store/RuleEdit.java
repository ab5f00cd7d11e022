package pe.centralunica.router.store;

/** One change to the stored rules; {@link RuleAdmin#apply} commits several together or none. */
public sealed interface RuleEdit {

    record Create(RuleDraft draft) implements RuleEdit {
    }

    /** Replaces rule {@code ruleId}, which must still be at {@code expectedRevision}. */
    record Update(long ruleId, int expectedRevision, RuleDraft draft) implements RuleEdit {
    }

    /** Enables or disables a rule (a disabled rule stays stored, matches no call, and never ties). */
    record SetEnabled(long ruleId, boolean enabled) implements RuleEdit {
    }

    record Delete(long ruleId) implements RuleEdit {
    }
}
