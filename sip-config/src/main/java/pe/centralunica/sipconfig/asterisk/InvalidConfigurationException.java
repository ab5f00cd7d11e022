package pe.centralunica.sipconfig.asterisk;

import java.util.List;

/** The generated configuration failed validation; nothing was written. */
public final class InvalidConfigurationException extends RuntimeException {
    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super("the generated Asterisk configuration is not usable (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
