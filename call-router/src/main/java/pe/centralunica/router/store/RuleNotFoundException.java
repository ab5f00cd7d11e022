package pe.centralunica.router.store;

/** No rule with that id (maps to 404). */
public class RuleNotFoundException extends RuntimeException {
    public RuleNotFoundException(long ruleId) {
        super("no routing rule #" + ruleId);
    }
}
