package pe.centralunica.console.config;

/**
 * Configuration that cannot work. The message is one line an operator can act on: it names the variable,
 * what is wrong and what to do.
 */
public final class ConfigurationException extends RuntimeException {

    private final String variable;

    public ConfigurationException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
