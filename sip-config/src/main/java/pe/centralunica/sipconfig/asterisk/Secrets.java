package pe.centralunica.sipconfig.asterisk;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the generator finds secrets (SIP passwords, the AMI secret) — never in the database. Lookup by name
 * (an endpoint or {@code ami-<user>}): the environment variable {@code CU_SIP_SECRET_<NAME>} (upper case,
 * anything but letters and digits as {@code _}) wins over the file named by {@code CU_SIP_SECRETS_FILE}
 * ({@code name=secret} properties). A missing secret is an error naming the endpoint and both places.
 */
public final class Secrets {

    public static final String FILE_VARIABLE = "CU_SIP_SECRETS_FILE";
    public static final String ENV_PREFIX = "CU_SIP_SECRET_";

    private final Map<String, String> environment;
    private final Map<String, String> file;
    private final String fileDescription;

    private Secrets(Map<String, String> environment, Map<String, String> file, String fileDescription) {
        this.environment = Map.copyOf(environment);
        this.file = Map.copyOf(file);
        this.fileDescription = fileDescription;
    }

    /** From the process environment (and the file {@code CU_SIP_SECRETS_FILE} names, if set). */
    public static Secrets fromEnvironment() {
        return from(System.getenv());
    }

    /** From a given environment map (tests, or a launcher that already parsed its configuration). */
    public static Secrets from(Map<String, String> env) {
        String path = env.get(FILE_VARIABLE);
        if (path == null || path.isBlank()) {
            return new Secrets(env, Map.of(), null);
        }
        return new Secrets(env, readFile(Path.of(path)), path);
    }

    /** Fixed secrets by name (tests, golden files). */
    public static Secrets of(Map<String, String> byName) {
        return new Secrets(Map.of(), byName, "the given map");
    }

    public static String environmentVariable(String name) {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The secret for {@code name}; {@link MissingSecretException} when neither place has it. */
    public String require(String name, String what) {
        return find(name).orElseThrow(() -> new MissingSecretException(name,
                "no secret for " + what + " '" + name + "': set " + environmentVariable(name) + " or add '" + name
                        + "=…' to the properties file named by " + FILE_VARIABLE
                        + (fileDescription == null ? " (not set)" : " (" + fileDescription + ")")));
    }

    public Optional<String> find(String name) {
        String value = environment.get(environmentVariable(name));
        if (value == null) value = file.get(name);
        if (value == null) return Optional.empty();
        // A secret lands inside an Asterisk .conf line: ';' starts a comment there, a line break a new setting.
        if (value.isEmpty() || value.chars().anyMatch(ch -> ch == ';' || ch == '\n' || ch == '\r')
                || !value.strip().equals(value)) {
            throw new IllegalArgumentException("the secret for '" + name
                    + "' is empty, has surrounding blanks, or contains ';' or a line break (unusable in an Asterisk .conf)");
        }
        return Optional.of(value);
    }

    private static Map<String, String> readFile(Path path) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secrets file " + path + " (" + FILE_VARIABLE + ")", e);
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** No secret for a name: the message says which endpoint and where to put it. */
    public static final class MissingSecretException extends RuntimeException {
        private final String name;

        MissingSecretException(String name, String message) {
            super(message);
            this.name = name;
        }

        public String name() {
            return name;
        }
    }
}
