package pe.centralunica.router;

/** Decides where a call goes. Implementations read an immutable table and never block. */
public interface Router {

    /**
     * The ordered targets for a call; never empty: the metropolitan centre is always the last step.
     * Targets known to be down are left out and listed in {@link RouteDecision#skipped()}.
     */
    RouteDecision decide(CallFacts facts);
}
