package pe.centralunica.app.health;

import pe.centralunica.console.health.HealthIndicator;
import pe.centralunica.console.health.ComponentHealth;
import pe.centralunica.router.live.AmiCallTracker;

import java.util.Map;

/**
 * The AMI link the call tracker and the console depend on. DOWN while it is down: calls are still routed
 * (the call path does not use AMI), but dispatchers' screens and the records of queue steps lag.
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
        if (!tracker.connected()) {
            return ComponentHealth.down("not connected to Asterisk's manager interface (retrying; " + tracker.loginAttempts()
                    + " login attempts so far)");
        }
        return ComponentHealth.up(Map.of("activeCalls", tracker.active().size(), "eventsReceived", tracker.eventsReceived(),
                "sessions", tracker.sessions()));
    }
}
