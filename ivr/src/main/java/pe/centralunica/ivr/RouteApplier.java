package pe.centralunica.ivr;

import org.asteriskjava.fastagi.AgiException;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.router.RouteDecision;
import pe.centralunica.router.RouteStep;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hands a route step to the dialplan. CU_ROUTE_OK is set last: if this session dies half-way, the dialplan
 * sees no CU_ROUTE_OK and sends the caller to the static fallback instead of ringing half-set variables.
 */
final class RouteApplier {

    static final String ROUTE_OK = "CU_ROUTE_OK";

    void applyDecision(CallSession call, RouteDecision decision, Map<String, String> callVariables) throws AgiException {
        RoutePlan plan = new RoutePlan(decision.steps());
        call.record(CallEventType.ROUTE_DECIDED, CallSession.data(
                "ruleId", Long.toString(decision.ruleId()),
                "ruleName", decision.ruleName(),
                "priority", Integer.toString(decision.priority()),
                "targets", decision.steps().stream().map(RouteStep::targetCode).collect(Collectors.joining(",")),
                "skipped", decision.skipped().stream().map(s -> s.targetCode() + ": " + s.reason()).collect(Collectors.joining("; ")),
                "tableVersion", Long.toString(decision.tableVersion()),
                "explanation", decision.explanation()));
        Map<String, String> variables = new LinkedHashMap<>(callVariables);
        variables.put("CU_RULE", Long.toString(decision.ruleId()));
        variables.put("CU_PRIORITY", Integer.toString(decision.queuePriority()));
        variables.put("CU_ROUTE_PLAN", plan.encode());
        applyStep(call, plan, 0, variables);
    }

    /** Sets the variables cu-route reads for step {@code index} (with {@code more}, in one command), then CU_ROUTE_OK. */
    void applyStep(CallSession call, RoutePlan plan, int index, Map<String, String> more) throws AgiException {
        RouteStep step = plan.steps().get(index);
        call.record(CallEventType.TARGET_TRIED, CallSession.data("step", Integer.toString(index),
                "target", step.targetCode(), "kind", step.kind().name(), "asterisk", step.asteriskTarget()));
        Map<String, String> variables = new LinkedHashMap<>(more);
        variables.put("CU_TARGET_KIND", step.kind().name());
        variables.put("CU_TARGET", step.asteriskTarget());
        // The last step waits for as long as it takes (no queue timeout): re-joining the queue every timeout
        // would put the caller behind everyone who arrived meanwhile.
        boolean lastQueue = index == plan.steps().size() - 1 && step.kind() == RouteStep.Kind.QUEUE;
        variables.put("CU_TARGET_TIMEOUT", lastQueue ? "" : Integer.toString(step.ringTimeoutSeconds()));
        variables.put("CU_ROUTE_STEP", Integer.toString(index));
        variables.put("CU_SEQ", Integer.toString(call.nextSeq()));
        call.flush();
        call.setAll(variables);
        call.set(ROUTE_OK, "1");
    }
}
