package pe.centralunica.app.realasterisk;

import java.util.ArrayList;
import java.util.List;

/**
 * A caller as a real Asterisk runs them: the {@code ;2} half of a {@code Local/c<script>@cu-test-caller} channel
 * answers, then waits and presses keys (RFC 4733-style DTMF frames through {@code SendDTMF}) at chosen times,
 * measured from its answer; the {@code ;1} half dials {@code number} in {@code context}, like a citizen's call
 * arriving from a trunk.
 *
 * @param number   the number dialled (911, a legacy number, …)
 * @param callerId the caller's number (unique per test call: it ties AMI events and records to this call)
 * @param context  where the call enters the dialplan ({@code cu-inbound}, {@code cu-panic-devices}, …)
 * @param steps    {@code w<seconds>} waits and key strings, in order
 */
record ScriptedCaller(String number, String callerId, String context, List<String> steps) {

    static ScriptedCaller dialling(String number, String callerId) {
        return new ScriptedCaller(number, callerId, "cu-inbound", List.of());
    }

    ScriptedCaller in(String newContext) {
        return new ScriptedCaller(number, callerId, newContext, steps);
    }

    /** Waits {@code seconds} (from the previous step), then presses {@code keys}. */
    ScriptedCaller pressesAfter(double seconds, String keys) {
        if (!keys.matches("[0-9*#]+")) {
            throw new IllegalArgumentException("keys: " + keys);
        }
        List<String> more = new ArrayList<>(steps);
        more.add("w" + seconds);
        more.add(keys);
        return new ScriptedCaller(number, callerId, context, more);
    }

    /** The dialplan of the scripted half; the harness appends it to the generated extensions.conf. */
    static String dialplan() {
        return """

                ; ---- Test only (real-Asterisk suite): scripted callers and queue members that ring forever ----
                [cu-test-caller]
                exten => _c.,1,Answer()
                 same => n,Set(SCRIPT=${EXTEN:1})
                 same => n,Set(I=1)
                 same => n(step),Set(STEP=${CUT(SCRIPT,p,${I})})
                 same => n,GotoIf($["${STEP}" = ""]?hold)
                 same => n,ExecIf($["${STEP:0:1}" = "w"]?Wait(${STEP:1}):SendDTMF(${STEP},250,150))
                 same => n,Set(I=$[${I} + 1])
                 same => n,Goto(step)
                 same => n(hold),Wait(300)
                 same => n,Hangup()

                [cu-test-agents]
                exten => ring,1,Ringing()
                 same => n,Wait(600)
                 same => n,Hangup()
                """;
    }

    /** The Local channel to originate. */
    String localChannel() {
        // Steps are joined by 'p' (pause): Asterisk ignores '-' in extension names.
        return "Local/c" + (steps.isEmpty() ? "w0" : String.join("p", steps)) + "@cu-test-caller";
    }
}
