package pe.centralunica.ivr;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.router.RouteStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code route-next}: the step the dialplan rang did not answer (argument: QUEUESTATUS or DIALSTATUS). Reads the
 * plan from the channel, skips later targets now known to be down, and hands the dialplan the next one. The
 * last step (the metropolitan centre) is retried for as long as the caller stays: never a hang-up.
 */
final class RouteNextScript extends IvrScript {

    private static final Logger LOG = LoggerFactory.getLogger(RouteNextScript.class);

    RouteNextScript(CallPath path) {
        super(path);
    }

    @Override
    boolean handle(AgiRequest request, AgiChannel channel, SessionHolder holder) throws AgiException {
        String status = safe(argument(request, 0));
        String state = Optional.ofNullable(LeanAgiCommands.getFullVariable(channel, "${CU_CALL_ID}|${CU_ROUTE_STEP}|${CU_SEQ}|${CU_ROUTE_PLAN}"))
                .orElse("");
        String[] v = state.split("\\|", 4);
        UUID callId;
        int step;
        int seq;
        RoutePlan plan;
        try {
            if (v.length < 4) {
                throw new IllegalArgumentException("route variables missing");
            }
            callId = UUID.fromString(v[0].trim());
            step = Integer.parseInt(v[1].trim());
            seq = Integer.parseInt(v[2].trim());
            plan = RoutePlan.decode(v[3]);
            if (step < 0 || step >= plan.steps().size() || seq < 0) {
                throw new IllegalArgumentException("step " + step + " / seq " + seq + " out of range");
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Call {} reached route-next without a usable plan ({}); sending it to the fallback",
                    request.getUniqueId(), e.getMessage());
            return false;
        }
        CallSession call = new CallSession(channel, request, callId, seq, path.journal(), path.clock(), path.prompts());
        holder.set(call);
        RouteStep failed = plan.steps().get(step);
        call.record(CallEventType.TARGET_FAILED, CallSession.data("step", Integer.toString(step),
                "target", failed.targetCode(), "status", status));

        int last = plan.steps().size() - 1;
        int next = Math.min(step + 1, last);
        List<String> skipped = new ArrayList<>();
        while (next < last) {
            String code = plan.steps().get(next).targetCode();
            Optional<String> down = path.router().downReason(code);
            if (down.isEmpty()) {
                break;
            }
            skipped.add(code + ": " + down.get());
            next++;
        }
        if (!skipped.isEmpty()) {
            call.record(CallEventType.NOTE, CallSession.data("text", "skipped " + String.join("; ", skipped), "by", "router"));
        }
        if (step == last) {
            LOG.info("Call {}: the metropolitan centre did not answer ({}); queueing there again", callId, status);
        }
        path.applier().applyStep(call, plan, next, java.util.Map.of());
        return true;
    }
}
