package pe.centralunica.ivr;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.journal.CallEventType;

/**
 * A script name we do not serve (a dialplan typo, a stale configuration). The call is recorded and left to
 * the dialplan's static fallback: a human, never a dropped call.
 */
final class UnknownScript extends IvrScript {

    private static final Logger LOG = LoggerFactory.getLogger(UnknownScript.class);

    UnknownScript(CallPath path) {
        super(path);
    }

    @Override
    boolean handle(AgiRequest request, AgiChannel channel, SessionHolder holder) throws AgiException {
        String script = safe(request.getScript());
        if (request.getUniqueId() == null || request.getUniqueId().isBlank()) {
            // No channel behind it: a TCP health probe or a port scan, not a call. Nothing to record.
            LOG.debug("AGI connection without a request (a port probe?); closed");
            return false;
        }
        LOG.warn("Call {} asked for unknown AGI script '{}' (request {}); sending it to the fallback — check the dialplan",
                request.getUniqueId(), script, safe(request.getRequestURL()));
        CallSession call = arrive(request, channel, holder, number(argument(request, 0)).orElse(""));
        call.record(CallEventType.FALLBACK, CallSession.data("reason", "unknown AGI script '" + script + "'"));
        return false;
    }
}
