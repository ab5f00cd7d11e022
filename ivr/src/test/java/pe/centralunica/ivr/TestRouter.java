package pe.centralunica.ivr;

import pe.centralunica.router.CallFacts;
import pe.centralunica.router.RouteDecision;
import pe.centralunica.router.RouteStep;
import pe.centralunica.router.Router;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A router with one obvious policy, so IVR tests can tell what the IVR asked for: the district's Serenazgo
 * queue when a district is known, then the PNP trunk for crimes, then the metropolitan centre. Keeps the facts.
 */
final class TestRouter implements Router {

    final List<CallFacts> seen = new CopyOnWriteArrayList<>();

    @Override
    public RouteDecision decide(CallFacts facts) {
        seen.add(facts);
        List<RouteStep> steps = new ArrayList<>();
        facts.district().ifPresent(d -> steps.add(new RouteStep("Q-SER-" + d, RouteStep.Kind.QUEUE, "ser-" + d, 20)));
        if (facts.emergencyType().equals("CRIME")) {
            steps.add(new RouteStep("T-PNP", RouteStep.Kind.DIAL, "PJSIP/105@trunk-pnp", 25));
        }
        steps.add(new RouteStep("Q-METRO", RouteStep.Kind.QUEUE, "cic-sc", 60));
        int priority = switch (facts.callerClass()) {
            case PANIC -> 1;
            case FLAGGED -> 5;
            default -> 3;
        };
        return new RouteDecision(7, "test rule", priority, steps, List.of(), "test rule matched", 42);
    }

    CallFacts last() {
        return seen.getLast();
    }
}
