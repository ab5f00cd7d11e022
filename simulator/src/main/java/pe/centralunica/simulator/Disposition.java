package pe.centralunica.simulator;

/** How a simulated call ended, from the caller's point of view. */
public enum Disposition {
    /** A queue member (dispatcher) or a trunk (agency) answered. */
    ANSWERED,
    /** The caller hung up before anyone answered. */
    ABANDONED,
    /** The dialplan ended without an answer and without the caller hanging up (bad route, AGI hang-up, fault). */
    FAILED
}
