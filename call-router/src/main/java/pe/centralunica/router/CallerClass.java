package pe.centralunica.router;

/** How the call reached us and how it must be treated (mirrors routing_rule.caller_class). */
public enum CallerClass {
    NORMAL,
    /** A registered street panic button: top priority, no IVR. */
    PANIC,
    /** No DTMF at all: may be someone who cannot speak; always reaches a human. */
    SILENT,
    /** Repeated prank marks: warned and de-prioritised to the review queue, never blocked. */
    FLAGGED
}
