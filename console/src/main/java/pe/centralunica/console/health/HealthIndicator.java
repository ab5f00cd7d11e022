package pe.centralunica.console.health;

/** One dependency's state for /health. Implementations may block briefly; they run on a virtual thread. */
public interface HealthIndicator {

    String name();

    ComponentHealth check();
}
