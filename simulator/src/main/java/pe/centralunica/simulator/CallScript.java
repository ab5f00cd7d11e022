package pe.centralunica.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one simulated caller does: the number they call from and dial, the digits they press and when (simulated
 * time since the call arrived), and when they give up. A call nobody answers ends when the caller hangs up
 * ({@link #DEFAULT_PATIENCE} unless {@link #hangsUpAfter} says otherwise), so no test waits forever.
 */
public final class CallScript {
    public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(120);

    /** A digit (or several, 250 ms apart) pressed at a simulated time after the call arrived. */
    public record Press(Duration at, String digits) {
    }

    private final String callerNumber;
    private String callerName = "";
    private String dialled = "911";
    private String context = "cu-inbound";
    private String channel = "PJSIP/carrier";
    private String district;
    private final List<Press> presses = new ArrayList<>();
    private Duration hangsUpAfter = DEFAULT_PATIENCE;
    private Duration hangsUpAfterAnswer;
    private Duration hangsUpAfterInQueue;
    private final java.util.Map<String, String> variables = new java.util.LinkedHashMap<>();

    private CallScript(String callerNumber) {
        this.callerNumber = callerNumber;
    }

    public static CallScript caller(String number) {
        return new CallScript(number);
    }

    /** A registered panic button: calls into {@code cu-panic} with its device number as caller id. */
    public static CallScript panicButton(String deviceNumber) {
        return new CallScript(deviceNumber).dials("911").context("cu-panic").channel("PJSIP/panic");
    }

    public CallScript named(String name) {
        this.callerName = name;
        return this;
    }

    public CallScript dials(String number) {
        this.dialled = number;
        return this;
    }

    /** Where the caller is (a district UBIGEO); informational, the IVR learns it from the digits. */
    public CallScript from(String district) {
        this.district = district;
        return this;
    }

    /** The dialplan context the call enters (default {@code cu-inbound}). */
    public CallScript context(String context) {
        this.context = context;
        return this;
    }

    /**
     * The inbound channel: {@code PJSIP/<endpoint>} (default {@code PJSIP/carrier}) or {@code Local/<exten>@<ctx>},
     * which makes a Local pair whose {@code ;1} runs the dialplan, as Originate does in the transcripts.
     */
    public CallScript channel(String channel) {
        this.channel = channel;
        return this;
    }

    public CallScript pressesAfter(Duration at, String digits) {
        presses.add(new Press(at, digits));
        return this;
    }

    /** The caller hangs up this long after the call arrived, wherever the call is. */
    public CallScript hangsUpAfter(Duration after) {
        this.hangsUpAfter = after;
        return this;
    }

    /** The caller hangs up this long after someone answered (a conversation shorter than the dispatcher's). */
    public CallScript hangsUpAfterAnswer(Duration after) {
        this.hangsUpAfterAnswer = after;
        return this;
    }

    /** A channel variable the call arrives with (as a PJSIP endpoint's set_var would give it). */
    public CallScript variable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    public java.util.Map<String, String> variables() { return java.util.Map.copyOf(variables); }
    /** The caller hangs up after waiting this long in a queue (each queue wait counts anew). */
    public CallScript hangsUpAfterInQueue(Duration after) {
        this.hangsUpAfterInQueue = after;
        return this;
    }

    public Optional<Duration> hangsUpAfterInQueue() { return Optional.ofNullable(hangsUpAfterInQueue); }
    public String callerNumber() { return callerNumber; }
    public String callerName() { return callerName; }
    public String dialled() { return dialled; }
    public String context() { return context; }
    public String channel() { return channel; }
    public Optional<String> district() { return Optional.ofNullable(district); }
    public List<Press> presses() { return List.copyOf(presses); }
    public Duration hangsUpAfter() { return hangsUpAfter; }
    public Optional<Duration> hangsUpAfterAnswer() { return Optional.ofNullable(hangsUpAfterAnswer); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(callerNumber).append(" dials ").append(dialled);
        if (district != null) sb.append(" from ").append(district);
        for (Press p : presses) sb.append(", presses ").append(p.digits()).append(" after ").append(p.at().toMillis() / 1000.0).append("s");
        if (hangsUpAfterInQueue != null) sb.append(", hangs up after ").append(hangsUpAfterInQueue.toMillis() / 1000.0).append("s in queue");
        return sb.append(", hangs up after ").append(hangsUpAfter.toMillis() / 1000.0).append("s").toString();
    }
}
