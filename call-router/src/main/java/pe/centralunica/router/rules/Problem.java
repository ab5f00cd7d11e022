package pe.centralunica.router.rules;

/**
 * One finding of {@link RuleValidator}. Errors reject a rule set; warnings are reported and the set is used.
 *
 * @param ruleId the rule concerned ({@link Rule#NEW_ID} for a rule being created; -1 for the set as a whole)
 */
public record Problem(Severity severity, long ruleId, String message) {

    public enum Severity { ERROR, WARNING }

    public static Problem error(Rule rule, String message) {
        return new Problem(Severity.ERROR, rule.id(), rule.label() + ": " + message);
    }

    public static Problem warning(Rule rule, String message) {
        return new Problem(Severity.WARNING, rule.id(), rule.label() + ": " + message);
    }

    public static Problem setError(String message) {
        return new Problem(Severity.ERROR, -1, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return severity + ": " + message;
    }
}
