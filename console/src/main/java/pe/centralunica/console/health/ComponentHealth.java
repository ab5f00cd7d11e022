package pe.centralunica.console.health;

import java.util.Map;

/** The state of one dependency, with details an operator can read (never secrets). */
public record ComponentHealth(Status status, Map<String, Object> details) {

    public enum Status { UP, DOWN }

    public ComponentHealth {
        details = Map.copyOf(details);
    }

    public static ComponentHealth up(Map<String, Object> details) {
        return new ComponentHealth(Status.UP, details);
    }

    public static ComponentHealth down(String reason) {
        return new ComponentHealth(Status.DOWN, Map.of("reason", reason));
    }
}
