package pe.centralunica.sipconfig.sip;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Scheduled test calls: every {@code interval}, {@link CallPlan} {@code plan} is placed (the universal number on
 * Asterisk, from the monitoring endpoint, walking the IVR with DTMF to a test route). After
 * {@code alarmAfterFailures} consecutive failures the monitor is in alarm.
 */
public record SyntheticCallSettings(CallPlan plan, Duration interval, int alarmAfterFailures) {
    public SyntheticCallSettings {
        Objects.requireNonNull(plan, "plan");
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive");
        if (alarmAfterFailures < 1) throw new IllegalArgumentException("alarmAfterFailures must be >= 1");
    }

    /**
     * The usual plan: call {@code number} at {@code asterisk} as {@code endpoint} with its secret, press
     * {@code digits} (e.g. {@code "ww2ww22"}, {@code w} = 1 s), then expect Asterisk's {@code #} (routed) within 30 s,
     * every 5 minutes; alarm after 2 failures.
     */
    public static SyntheticCallSettings of(SipPeer asterisk, String number, String endpoint, Optional<String> secret, String digits) {
        CallPlan plan = new CallPlan(asterisk, number, endpoint, secret.map(s -> new CallPlan.Credentials(endpoint, s)),
                CallPlan.digits(digits, Duration.ofSeconds(1)), Duration.ofSeconds(15), Duration.ofSeconds(30), Optional.of('#'));
        return new SyntheticCallSettings(plan, Duration.ofMinutes(5), 2);
    }
}
