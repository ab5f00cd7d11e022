package pe.centralunica.app.health;

import pe.centralunica.console.health.HealthIndicator;
import pe.centralunica.console.health.ComponentHealth;
import pe.centralunica.db.Database;

import java.time.Duration;
import java.util.Map;

/** PostgreSQL answers a validation query, with the pool's figures. */
public final class DatabaseHealth implements HealthIndicator {

    private final Database database;

    public DatabaseHealth(Database database) {
        this.database = database;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public ComponentHealth check() {
        Database.PoolStats pool = database.poolStats();
        Map<String, Object> details = Map.of("active", pool.active(), "idle", pool.idle(), "max", pool.max());
        return database.isReachable(Duration.ofSeconds(1))
                ? ComponentHealth.up(details)
                : ComponentHealth.down("PostgreSQL does not answer (calls are still routed from cached rules; events are spooled)");
    }
}
