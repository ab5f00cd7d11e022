package pe.centralunica.app.health;

import pe.centralunica.console.health.HealthIndicator;
import pe.centralunica.console.health.ComponentHealth;
import pe.centralunica.sipconfig.sip.SipMonitoring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SIP watch: trunks the OPTIONS probes find down, and the synthetic test calls to the universal number.
 * DOWN only when the synthetic calls are in alarm — the number itself may not answer; a down trunk is a
 * detail (routing already skips it).
 */
public final class SipHealth implements HealthIndicator {

    private final SipMonitoring sip;

    public SipHealth(SipMonitoring sip) {
        this.sip = sip;
    }

    @Override
    public String name() {
        return "sip";
    }

    @Override
    public ComponentHealth check() {
        SipMonitoring.Health h = sip.health();
        if (h.syntheticAlarm()) {
            return ComponentHealth.down("synthetic calls to the universal number are failing: "
                    + h.lastSyntheticFailure().orElse("no answer"));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("trunksDown", h.downTargets());
        sip.synthetic().ifPresent(s -> {
            details.put("syntheticAttempts", s.attempts());
            details.put("syntheticFailures", s.failures());
            s.lastSuccessAt().ifPresent(t -> details.put("syntheticLastSuccess", t.toString()));
        });
        return ComponentHealth.up(details);
    }
}
