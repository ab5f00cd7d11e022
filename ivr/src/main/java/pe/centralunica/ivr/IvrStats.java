package pe.centralunica.ivr;

/**
 * Counters since start, for /metrics.
 *
 * @param sessions         AGI sessions accepted
 * @param refused          connections refused by the allow list
 * @param routed           sessions that handed the dialplan a route (CU_ROUTE_OK=1)
 * @param fallbacks        sessions that left the call to the dialplan's static fallback
 * @param callerHangups    callers who hung up during the IVR
 * @param journalFailures  events the local spool refused (records lost)
 * @param activeSessions   sessions in progress now
 */
public record IvrStats(long sessions, long refused, long routed, long fallbacks, long callerHangups,
                       long journalFailures, int activeSessions) {
}
