package pe.centralunica.db.journal;

import java.time.Instant;
import java.util.UUID;

/**
 * The call row as the timeline tells it, before the values are checked against the schema. Nullable
 * fields are unknown; {@code arrived} is false while only events from after the call's arrival are known.
 */
record DerivedCall(
        UUID callId,
        boolean arrived,
        String uniqueid,
        String linkedid,
        String channel,
        String callerNumber,
        String dialledNumber,
        boolean testCall,
        String language,
        String callerClass,
        String emergencyType,
        String district,
        String districtSource,
        String panicDevice,
        String incidentId,
        String ruleId,
        String answeredBy,
        String outcome,
        String hangupCause,
        boolean prank,
        boolean triaged,
        Instant arrivedAt,
        Instant triagedAt,
        Instant routedAt,
        Instant answeredAt,
        Instant endedAt) {
}
