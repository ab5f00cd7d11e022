package pe.centralunica.router.store;

import pe.centralunica.router.rules.RuleSet;

/** Where the rules live. */
public interface RuleRepository {

    /** The routing version now stored (cheap: polled every few hundred milliseconds by every node). */
    long currentVersion();

    /** The whole rule set with its reference data, read in one consistent snapshot. */
    RuleSet load();
}
