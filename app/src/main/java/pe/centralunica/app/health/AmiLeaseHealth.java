package pe.centralunica.app.health;

import pe.centralunica.console.health.ComponentHealth;
import pe.centralunica.console.health.HealthIndicator;
import pe.centralunica.router.live.AmiLease;
import pe.centralunica.router.live.LeasedCallTracking;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * The AMI link of a clustered node: the holder of the Asterisk's lease reports its link as {@link AmiHealth} does;
 * a standby node is UP and says which node tracks that Asterisk now (DOWN when nobody does).
 */
public final class AmiLeaseHealth implements HealthIndicator {

    private final LeasedCallTracking tracking;

    public AmiLeaseHealth(LeasedCallTracking tracking) {
        this.tracking = tracking;
    }

    @Override
    public String name() {
        return "ami";
    }

    @Override
    public ComponentHealth check() {
        if (tracking.tracker().isPresent()) {
            ComponentHealth link = new AmiHealth(tracking.tracker().get()).check();
            Map<String, Object> details = new java.util.HashMap<>(link.details());
            details.put("tracking", true);
            details.put("asterisk", tracking.lease().asteriskId());
            return new ComponentHealth(link.status(), details);
        }
        Optional<AmiLease.Holder> holder;
        try {
            holder = tracking.lease().current();
        } catch (SQLException e) {
            return ComponentHealth.down("cannot read who tracks " + tracking.lease().asteriskId() + ": " + e.getMessage());
        }
        if (holder.isEmpty() || holder.get().expired()) {
            return ComponentHealth.down("no node tracks " + tracking.lease().asteriskId() + " now (lease free; taking it over)");
        }
        return ComponentHealth.up(Map.of("tracking", false, "asterisk", tracking.lease().asteriskId(),
                "trackedBy", holder.get().holder()));
    }
}
