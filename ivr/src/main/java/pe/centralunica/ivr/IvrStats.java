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
 * @param journalSlowHandoffs flushes that outlasted the call path's wait for the journal (the call went on)
 * @param journalBehind    flushes still waiting for the journal now
 */
public record IvrStats(long sessions, long refused, long routed, long fallbacks, long callerHangups,
                       long journalFailures, int activeSessions, long journalSlowHandoffs, int journalBehind) {
}
