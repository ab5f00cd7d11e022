package pe.centralunica.app.health;

import pe.centralunica.console.health.HealthIndicator;
import pe.centralunica.console.health.ComponentHealth;
import pe.centralunica.router.live.AmiCallTracker;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import pe.centralunica.router.live.AmiLinkStatus;

/**
 * The AMI link the call tracker and the console depend on. DOWN while it is down: calls are still routed
 * (the call path does not use AMI), but dispatchers' screens and the records of queue steps lag. Part of the
 * operator's /health only, never of readiness or liveness: an orchestrator must not pull a node that routes calls.
 */
public final class AmiHealth implements HealthIndicator {

    private final AmiCallTracker tracker;

    public AmiHealth(AmiCallTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public String name() {
        return "ami";
    }

    @Override
    public ComponentHealth check() {
        AmiLinkStatus link = tracker.linkStatus();
        if (!link.up()) {
            String since = link.downSince().map(s -> " for " + Duration.between(s, Instant.now()).toMillis() + " ms").orElse("");
            return new ComponentHealth(ComponentHealth.Status.DOWN, Map.of("reason",
                    "not connected to Asterisk's manager interface" + since + " (retrying; " + link.loginAttempts()
                            + " login attempts so far); calls are still routed, queue steps are recovered on return",
                    "outages", link.outages()));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("activeCalls", tracker.active().size());
        details.put("eventsReceived", tracker.eventsReceived());
        details.put("sessions", link.sessions());
        details.put("outages", link.outages());
        details.put("lastDetectionMs", link.lastDetection().toMillis());
        details.put("lastOutageMs", link.lastOutage().toMillis());
        details.put("reconciledSteps", tracker.reconciledSteps());
        return ComponentHealth.up(details);
    }
}
