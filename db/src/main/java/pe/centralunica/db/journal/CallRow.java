package pe.centralunica.db.journal;

import java.time.Instant;
import java.util.UUID;

/** A call row whose every value fits the schema (checked by {@link SchemaFit}). */
record CallRow(
        UUID id,
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
        Long linkedIncident,
        Long ruleId,
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
