package pe.centralunica.sipconfig.sip;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scripted test call: INVITE {@code number}@{@code target} from {@code fromUser}, wait up to
 * {@code answerTimeout} for the answer, then send each {@link DtmfStep} as SIP INFO after its pause, stay
 * {@code holdAfterDigits} on the line, and hang up. {@code credentials}: digest credentials when the target
 * challenges (Asterisk does, for the monitoring endpoint). {@code confirmation}: a DTMF digit the far end must
 * send back (as SIP INFO) within {@code holdAfterDigits} after our last digit — the generated
 * {@code cu-monitoring} context sends {@code #} once our app has routed the call.
 */
public record CallPlan(SipPeer target, String number, String fromUser, Optional<Credentials> credentials,
                       List<DtmfStep> digits, Duration answerTimeout, Duration holdAfterDigits, Optional<Character> confirmation) {

    public CallPlan {
        Objects.requireNonNull(target, "target");
        if (number == null || !number.matches("[0-9*#+]{1,32}")) throw new IllegalArgumentException("number " + number);
        if (fromUser == null || !fromUser.matches("[A-Za-z0-9_.-]{1,80}")) throw new IllegalArgumentException("fromUser " + fromUser);
        digits = List.copyOf(digits);
    }

    /** A key pressed {@code after} the previous step (or the answer). */
    public record DtmfStep(char digit, Duration after) {
        public DtmfStep {
            if ("0123456789*#ABCD".indexOf(digit) < 0) throw new IllegalArgumentException("DTMF digit " + digit);
        }
    }

    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return "Credentials[" + user + "]";
        }
    }

    /**
     * Digits as text: each character a key, {@code w} a wait of {@code pause} before the next key (e.g.
     * {@code "ww2w22"}: two pauses, 2, a pause, 2, 2). Keys not preceded by a {@code w} follow 250 ms after.
     */
    public static List<DtmfStep> digits(String script, Duration pause) {
        java.util.ArrayList<DtmfStep> out = new java.util.ArrayList<>();
        Duration wait = Duration.ZERO;
        for (char c : script.toCharArray()) {
            if (c == 'w' || c == 'W') {
                wait = wait.plus(pause);
            } else {
                out.add(new DtmfStep(c, wait.isZero() ? Duration.ofMillis(250) : wait));
                wait = Duration.ZERO;
            }
        }
        return out;
    }
}
