package pe.centralunica.router;

/**
 * One target in a route, as the dialplan needs it.
 *
 * @param targetCode   route_target.code (e.g. Q-SER-150122, T-PNP, Q-METRO)
 * @param kind         QUEUE (the dialplan runs Queue()) or DIAL (the dialplan runs Dial())
 * @param asteriskTarget queue name, or dial string such as {@code PJSIP/105@trunk-pnp}
 * @param ringTimeoutSeconds how long this step rings before the next one is tried
 */
public record RouteStep(String targetCode, Kind kind, String asteriskTarget, int ringTimeoutSeconds) {

    public enum Kind { QUEUE, DIAL }
}
