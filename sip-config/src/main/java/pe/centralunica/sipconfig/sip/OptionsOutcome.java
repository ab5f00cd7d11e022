package pe.centralunica.sipconfig.sip;

import java.time.Duration;

/** What an OPTIONS request got: a final response, or nothing usable. */
public sealed interface OptionsOutcome {

    /** A final response arrived: the peer's SIP stack is alive (whether it is willing is in the status). */
    record Replied(int status, String reason, Duration roundTrip) implements OptionsOutcome {
    }

    /** No final response: timed out, or the request could not be sent. */
    record NoReply(String reason) implements OptionsOutcome {
    }
}
