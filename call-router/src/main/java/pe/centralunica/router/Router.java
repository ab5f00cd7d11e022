package pe.centralunica.router;

import java.util.Optional;

/** Decides where a call goes. Implementations read an immutable table and never block. */
public interface Router {

    /**
     * The ordered targets for a call; never empty: the metropolitan centre is always the last step.
     * Targets known to be down are left out and listed in {@link RouteDecision#skipped()}.
     */
    RouteDecision decide(CallFacts facts);

    /**
     * Why a target is down now, or empty when it is up. Lets route-next re-check the remaining steps of a
     * decision taken earlier in the call (a step may have gone down since).
     */
    default Optional<String> downReason(String targetCode) {
        return Optional.empty();
    }
}
