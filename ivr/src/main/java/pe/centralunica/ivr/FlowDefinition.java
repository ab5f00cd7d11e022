package pe.centralunica.ivr;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The triage flow as data (see {@code ivr/flow.properties}): languages, prompts, timeouts and attempts, with
 * per-language overrides. Read once at start; a missing or malformed key stops the node with a message that
 * names it, rather than surprising a caller.
 */
final class FlowDefinition {

    private final Properties properties;
    private final List<String> languages;

    private FlowDefinition(Properties properties) {
        this.properties = properties;
        List<String> langs = new ArrayList<>();
        for (String l : required("languages").split(",")) {
            if (!l.isBlank()) {
                langs.add(l.trim());
            }
        }
        if (langs.isEmpty()) {
            throw new IllegalArgumentException("flow: 'languages' lists no language");
        }
        this.languages = List.copyOf(langs);
        // Touch every key once so a typo fails at start, not during a call.
        for (String lang : languages) {
            for (String key : List.of("type-menu.timeout-ms", "type-menu.attempts", "silent-confirm.timeout-ms",
                    "district-menu.timeout-ms", "district-menu.attempts", "question-deadline-ms")) {
                number(lang, key);
            }
            for (String key : promptKeys()) {
                text(lang, key);
            }
        }
        for (String lang : languages.subList(1, languages.size())) {
            char key = digit("language." + lang + ".key");
            if (key == digit("silent-key")) {
                throw new IllegalArgumentException("flow: 'language." + lang + ".key' is the silent key");
            }
        }
        digit("silent-key");
    }

    static FlowDefinition fromClasspath() {
        try (InputStream in = FlowDefinition.class.getResourceAsStream("/ivr/flow.properties")) {
            if (in == null) {
                throw new IllegalStateException("ivr/flow.properties is missing from the classpath");
            }
            return from(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read ivr/flow.properties: " + e.getMessage(), e);
        }
    }

    static FlowDefinition from(Reader reader) throws IOException {
        Properties p = new Properties();
        p.load(reader);
        return new FlowDefinition(p);
    }

    List<String> languages() {
        return languages;
    }

    String defaultLanguage() {
        return languages.getFirst();
    }

    /** The language a key chooses (every language but the default has one: language.&lt;lang&gt;.key). */
    java.util.Optional<String> languageForKey(char key) {
        return languages.stream().skip(1).filter(l -> digit("language." + l + ".key") == key).findFirst();
    }

    /** Every key that chooses a language, then the silent key: what the welcome listens for besides menu digits. */
    String languageKeys() {
        StringBuilder keys = new StringBuilder();
        languages.stream().skip(1).forEach(l -> keys.append(digit("language." + l + ".key")));
        return keys.toString();
    }

    char silentKey() {
        return digit("silent-key");
    }

    String prompt(String lang, String name) {
        return text(lang, name + ".prompt");
    }

    int number(String lang, String key) {
        String value = text(lang, key);
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flow: '" + key + "' must be a non-negative number, got '" + value + "'");
        }
    }

    /** Every sound name the flow can play, for the prompt catalogue check. */
    Set<String> allPrompts() {
        Set<String> names = new LinkedHashSet<>();
        for (String lang : languages) {
            for (String key : promptKeys()) {
                names.add(text(lang, key));
            }
        }
        return names;
    }

    private List<String> promptKeys() {
        return properties.stringPropertyNames().stream()
                .filter(k -> k.endsWith(".prompt") && languages.stream().noneMatch(l -> k.startsWith(l + ".")))
                .sorted().toList();
    }

    private String text(String lang, String key) {
        String value = properties.getProperty(lang + "." + key, properties.getProperty(key));
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("flow: '" + key + "' is not set (language " + lang + ")");
        }
        return value.trim();
    }

    private String required(String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("flow: '" + key + "' is not set");
        }
        return value;
    }

    private char digit(String key) {
        String value = required(key).trim();
        if (value.length() != 1 || "0123456789*#".indexOf(value.charAt(0)) < 0) {
            throw new IllegalArgumentException("flow: '" + key + "' must be one keypad key, got '" + value + "'");
        }
        return value.charAt(0);
    }
}
