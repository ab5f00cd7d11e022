package pe.centralunica.router.store;

/** The rule changed since the administrator read it (maps to 409): reload and edit again. */
public class StaleRevisionException extends RuntimeException {
    public StaleRevisionException(long ruleId, int expected, int actual) {
        super("routing rule #" + ruleId + " is at revision " + actual + ", not " + expected
                + ": someone changed it meanwhile; reload it and apply the edit again");
    }
}
