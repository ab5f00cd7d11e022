package pe.centralunica.db.journal;

/** The typed steps of a call's timeline (mirrors the CHECK on call_event.type). */
public enum CallEventType {
    /** First sight of the call. Data: uniqueid, linkedid, channel, caller, dialled, test ("true"/"false"). */
    ARRIVED,
    /** Data: prompt (sound name), language. */
    PROMPT_PLAYED,
    /** Data: digit, menu. */
    DIGIT,
    /** Data: menu, attempt. */
    INPUT_TIMEOUT,
    /** Data: menu, input, attempt. */
    INVALID_INPUT,
    /** Data: language. */
    LANGUAGE_CHOSEN,
    /** Data: type, district, districtSource, callerClass, language, panicDevice (optional). */
    TRIAGED,
    /** Data: ruleId, ruleName, priority, targets, explanation. */
    ROUTE_DECIDED,
    /** Data: step, target, kind. */
    TARGET_TRIED,
    /** Data: step, target, status (QUEUESTATUS/DIALSTATUS). */
    TARGET_FAILED,
    /** The call went (or will go) to the static fallback. Data: reason. */
    FALLBACK,
    /** Data: queue, position. */
    QUEUE_JOINED,
    /** Data: queue, member. */
    AGENT_RUNG,
    /** Data: by (dispatcher or member), queue. */
    ANSWERED,
    /** Data: to, by. */
    TRANSFERRED,
    /** Data: queue, waitSeconds. */
    ABANDONED,
    /** Data: cause, by ("caller", "agent", "system"). */
    HUNG_UP,
    /** Data: by. */
    MARKED_PRANK,
    /** Data: incidentId. */
    INCIDENT_LINKED,
    /** Data: text, by. */
    NOTE
}
