package pe.centralunica.ivr;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.journal.CallIds;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What all our scripts do around their own work: whatever goes wrong — the caller hangs up, a bug, a broken
 * rule — the session ends without CU_ROUTE_OK, so the dialplan's static fallback takes the caller to a human.
 * Nothing here throws back into asterisk-java.
 */
abstract class IvrScript implements AgiScript {

    private static final Logger LOG = LoggerFactory.getLogger(IvrScript.class);
    private static final Pattern NUMBER = Pattern.compile("[0-9*#+]{1,32}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    protected final CallPath path;

    IvrScript(CallPath path) {
        this.path = path;
    }

    /** Runs the script; true once CU_ROUTE_OK is set, false when the call is left to the static fallback. */
    abstract boolean handle(AgiRequest request, AgiChannel channel, SessionHolder holder) throws AgiException;

    @Override
    public final void service(AgiRequest request, AgiChannel channel) {
        SessionHolder holder = new SessionHolder();
        path.counters().active.incrementAndGet();
        try {
            if (handle(request, channel, holder)) {
                path.counters().routed.increment();
            } else {
                path.counters().fallbacks.increment();
            }
        } catch (AgiHangupException e) {
            path.counters().callerHangups.increment();
            holder.ifPresent(call -> call.record(CallEventType.HUNG_UP,
                    CallSession.data("cause", "caller hung up during the IVR", "by", "caller")));
        } catch (AgiException e) {
            // 511 after a hang-up, or the socket broke: either way this session can no longer route.
            path.counters().fallbacks.increment();
            LOG.warn("Call {} on {}: AGI session failed ({}); the dialplan's fallback takes the call",
                    request.getUniqueId(), safe(request.getChannel()), e.getMessage());
            holder.ifPresent(call -> call.record(CallEventType.FALLBACK, CallSession.data("reason", "AGI failure: " + e.getMessage())));
        } catch (RuntimeException e) {
            path.counters().fallbacks.increment();
            LOG.error("Call {} on {}: {} failed; the dialplan's fallback takes the call", request.getUniqueId(),
                    safe(request.getChannel()), getClass().getSimpleName(), e);
            holder.ifPresent(call -> call.record(CallEventType.FALLBACK, CallSession.data("reason", "internal error: " + e)));
        } finally {
            holder.ifPresent(CallSession::flush);
            path.counters().active.decrementAndGet();
        }
    }

    /** The session once the call has an id, so failures are recorded on the right call. */
    static final class SessionHolder {
        private CallSession call;

        void set(CallSession call) {
            this.call = call;
        }

        void ifPresent(java.util.function.Consumer<CallSession> action) {
            if (call != null) {
                action.accept(call);
            }
        }
    }

    /** Starts a new call's record: ARRIVED, and CU_CALL_ID on the channel for the dialplan and route-next. */
    CallSession arrive(AgiRequest request, AgiChannel channel, SessionHolder holder, String dialled) throws AgiException {
        // The id derives from the uniqueid, as the AMI tracker's does: whichever writes first, one record per call.
        String uniqueid = request.getUniqueId();
        UUID callId = uniqueid == null || uniqueid.isBlank() ? UUID.randomUUID() : CallIds.forUniqueid(uniqueid);
        CallSession call = new CallSession(channel, request, callId, 0, path.journal(), path.clock(), path.prompts());
        holder.set(call);
        // One round trip for all: linkedid ties the AMI events to this record; CU_TEST marks synthetic calls;
        // CU_AGI_DEADLINE is the deadline the dialplan armed on this AGI step (re-armed before each prompt).
        String extra = Optional.ofNullable(LeanAgiCommands.getFullVariable(channel, "${CHANNEL(linkedid)}|${CU_TEST}|${CU_AGI_DEADLINE}"))
                .orElse("||");
        String[] parts = extra.split("\\|", -1);
        String linkedid = parts.length > 0 && !parts[0].isBlank() ? parts[0] : request.getUniqueId();
        boolean test = parts.length > 1 && "1".equals(parts[1].trim());
        call.deadline(parts.length > 2 ? parts[2] : "");
        call.record(CallEventType.ARRIVED, CallSession.data(
                "uniqueid", request.getUniqueId(), "linkedid", linkedid, "channel", safe(request.getChannel()),
                "caller", safe(request.getCallerIdNumber()), "dialled", dialled, "test", Boolean.toString(test)));
        call.flush();
        call.set("CU_CALL_ID", call.callId().toString());
        return call;
    }

    static String argument(AgiRequest request, int index) {
        String[] args;
        try {
            args = request.getArguments();
        } catch (RuntimeException e) {
            // asterisk-java throws on a malformed agi_arg_N line (found by AgiRequestFuzz): treat as absent.
            return "";
        }
        return args != null && args.length > index && args[index] != null ? args[index].trim() : "";
    }

    /** A dialled number as the dialplan passed it, or empty when it is not a plausible number. */
    static Optional<String> number(String raw) {
        return NUMBER.matcher(raw).matches() ? Optional.of(raw) : Optional.empty();
    }

    /** Caller-controlled text (caller id, channel names) made safe for logs and records. */
    static String safe(String s) {
        if (s == null) {
            return "";
        }
        String cleaned = CONTROL.matcher(s).replaceAll("?");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) + "…" : cleaned;
    }
}
