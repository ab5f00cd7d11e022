package pe.centralunica.router.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import pe.centralunica.db.journal.CallEventType;

/** One call (all channels sharing a linkedid) as the tracker's thread knows it. Confined to that thread. */
final class TrackedCall {
    /** A step seen before the call id was known: written once CU_CALL_ID arrives. */
    record Pending(CallEventType type, double amiSeconds, String key, Map<String, String> data) {
    }

    /** A step this tracker wrote (or queued), so a reconcile from the queue log never writes it twice. */
    record Recorded(CallEventType type, double amiSeconds, String who) {
    }

    final String linkedid;
    final Set<String> channels = new LinkedHashSet<>();
    final Map<String, String> variables = new HashMap<>();
    final Set<Integer> usedSeqs = new HashSet<>();
    final List<Pending> pending = new ArrayList<>();
    final List<Recorded> recorded = new ArrayList<>();
    /** Dial legs that are queue members being rung (their DialBegin/DialEnd belong to the queue). */
    final Set<String> agentLegs = new HashSet<>();
    /** Dial legs of a Dial() to a trunk or device: uniqueid → what was dialled. */
    final Map<String, String> dialLegs = new HashMap<>();

    UUID callId;
    String callerUniqueid;
    String callerChannel = "";
    String callerNumber = "";
    String dialled = "";
    LiveCall.State state = LiveCall.State.IVR;
    String queue;
    Instant queuedAt;
    String answeredBy;
    Instant arrivedAt;
    boolean inbound;
    /** The channel the first AGI command ran on (AGIExecStart): our IVR names the call from its uniqueid. */
    String agiUniqueid;
    boolean fallbackWritten;
    String hangupBy;
    /** An AGI command ran on the call: our IVR may have recorded it. */
    boolean ranAgi() {
        return agiUniqueid != null;
    }

    /** The dialplan context the caller's channel was last seen in. */
    String context;

    TrackedCall(String linkedid, Instant arrivedAt) {
        this.linkedid = linkedid;
        this.arrivedAt = arrivedAt;
    }

    LiveCall view() {
        return new LiveCall(Optional.ofNullable(callId).map(UUID::toString), callerUniqueid == null ? linkedid : callerUniqueid,
                linkedid, callerChannel, callerNumber, dialled, state, Optional.ofNullable(queue),
                Optional.ofNullable(queuedAt), Optional.ofNullable(answeredBy), arrivedAt, variables);
    }
}
