package pe.centralunica.app.config;

import pe.centralunica.console.config.ConfigurationException;
import java.util.Map;
import java.util.Optional;

/** Typed reads of environment variables; every failure names the variable. */
public final class Environment {

    private final Map<String, String> vars;

    public Environment(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    /** Every variable, for components that read their own (they name the variable in their errors). */
    public Map<String, String> asMap() {
        return vars;
    }

    public Optional<String> optional(String name) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public int port(String name, int defaultValue) {
        int port = integer(name, defaultValue);
        if (port < 0 || port > 65535) {
            throw new ConfigurationException(name, "port " + port + " is out of range; use 1-65535 (0 = any free port)");
        }
        return port;
    }

    public int integer(String name, int defaultValue) {
        Optional<String> v = optional(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name, "'" + v.get() + "' is not a whole number");
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> v = optional(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigurationException(name, "'" + v.get() + "' is not true or false");
        };
    }
}
