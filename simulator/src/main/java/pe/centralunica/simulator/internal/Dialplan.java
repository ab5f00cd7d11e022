package pe.centralunica.simulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An extensions.conf read the way pbx_config reads it: {@code [context]}, {@code exten =>}, {@code same =>},
 * priorities as numbers or {@code n}, labels {@code n(label)}, patterns ({@code _X.}), {@code [globals]}.
 */
public final class Dialplan {
    public record Step(int priority, String label, String app, String appData, int line) {
        @Override
        public String toString() {
            return app + "(" + appData + ")";
        }
    }

    public static final class Extension {
        final String name;
        final TreeMap<Integer, Step> steps = new TreeMap<>();
        final Map<String, Integer> labels = new LinkedHashMap<>();

        Extension(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public Optional<Step> step(int priority) {
            return Optional.ofNullable(steps.get(priority));
        }

        public Optional<Integer> label(String label) {
            return Optional.ofNullable(labels.get(label));
        }

        boolean matches(String exten) {
            return name.startsWith("_") ? Patterns.matches(name.substring(1), exten) : name.equals(exten);
        }
    }

    public static final class Context {
        final String name;
        final Map<String, Extension> extensions = new LinkedHashMap<>();
        final List<String> includes = new ArrayList<>();
        private Map<String, Context> all = Map.of();

        Context(String name) {
            this.name = name;
        }

        /**
         * Exact names win over patterns, as in Asterisk; patterns are tried in file order; then the included
         * contexts ({@code include =>}), in order.
         */
        public Optional<Extension> find(String exten) {
            return find(exten, 0);
        }

        private Optional<Extension> find(String exten, int depth) {
            Extension exact = extensions.get(exten);
            if (exact != null) return Optional.of(exact);
            for (Extension e : extensions.values()) if (e.name.startsWith("_") && e.matches(exten)) return Optional.of(e);
            if (depth < 8) {
                for (String inc : includes) {
                    Context c = all.get(inc);
                    Optional<Extension> found = c == null ? Optional.empty() : c.find(exten, depth + 1);
                    if (found.isPresent()) return found;
                }
            }
            return Optional.empty();
        }
    }

    private final Map<String, Context> contexts;
    private final Map<String, String> globals;

    private Dialplan(Map<String, Context> contexts, Map<String, String> globals) {
        this.contexts = contexts;
        this.globals = globals;
    }

    public Optional<Context> context(String name) {
        return Optional.ofNullable(contexts.get(name));
    }

    public Map<String, String> globals() {
        return globals;
    }

    public static Dialplan load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dialplan " + file, e);
        }
    }

    /** The project's dialplan from the classpath (sip-config: asterisk/extensions.conf). */
    public static Dialplan loadDefault() {
        try (InputStream in = Dialplan.class.getClassLoader().getResourceAsStream("asterisk/extensions.conf")) {
            if (in == null) throw new IllegalStateException("asterisk/extensions.conf not on the classpath (sip-config)");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Dialplan parse(String text) {
        Map<String, Context> contexts = new LinkedHashMap<>();
        Map<String, String> globals = new LinkedHashMap<>();
        Context current = null;
        boolean inGlobals = false;
        Extension last = null;
        int lastPriority = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) continue;
            int lineNo = i + 1;
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                if (end < 0) throw new IllegalArgumentException("line " + lineNo + ": bad context header: " + line);
                String name = line.substring(1, end).strip();
                inGlobals = name.equals("globals");
                current = inGlobals ? null : contexts.computeIfAbsent(name, Context::new);
                last = null;
                continue;
            }
            if (inGlobals) {
                int eq = line.indexOf('=');
                if (eq > 0) globals.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                continue;
            }
            int arrow = line.indexOf("=>");
            if (arrow < 0 || current == null) continue; // settings such as autofallthrough; includes are not used
            String kind = line.substring(0, arrow).strip();
            String rest = line.substring(arrow + 2).strip();
            if (kind.equals("include")) {
                current.includes.add(rest.split(",")[0].strip());
                continue;
            }
            Extension ext;
            if (kind.equals("exten")) {
                int comma = rest.indexOf(',');
                if (comma < 0) throw new IllegalArgumentException("line " + lineNo + ": " + line);
                String name = rest.substring(0, comma).strip();
                rest = rest.substring(comma + 1);
                Extension existing = current.extensions.get(name);
                ext = existing != null ? existing : new Extension(name);
                current.extensions.put(name, ext);
                if (existing == null || last != existing) lastPriority = existing == null ? 0 : existing.steps.lastKey();
            } else if (kind.equals("same")) {
                if (last == null) throw new IllegalArgumentException("line " + lineNo + ": 'same' without an extension");
                ext = last;
            } else {
                continue;
            }
            int comma = rest.indexOf(',');
            if (comma < 0) throw new IllegalArgumentException("line " + lineNo + ": " + line);
            String prio = rest.substring(0, comma).strip();
            String app = rest.substring(comma + 1).strip();
            String label = null;
            int paren = prio.indexOf('(');
            if (paren >= 0) {
                label = prio.substring(paren + 1, prio.lastIndexOf(')'));
                prio = prio.substring(0, paren);
            }
            if (prio.equals("hint")) continue;
            int priority = prio.equals("n") ? lastPriority + 1 : Integer.parseInt(prio);
            String appName = app;
            String appData = "";
            int open = app.indexOf('(');
            if (open >= 0) {
                appName = app.substring(0, open).strip();
                int close = app.lastIndexOf(')');
                appData = app.substring(open + 1, close > open ? close : app.length());
            }
            ext.steps.put(priority, new Step(priority, label, appName, appData, lineNo));
            if (label != null) ext.labels.put(label, priority);
            last = ext;
            lastPriority = priority;
        }
        for (Context c : contexts.values()) c.all = contexts;
        return new Dialplan(contexts, globals);
    }

    private static String stripComment(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == ';') {
                sb.append(';');
                i++;
            } else if (c == ';') {
                break;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Asterisk extension patterns (the part after {@code _}). */
    static final class Patterns {
        static boolean matches(String pattern, String exten) {
            return match(pattern, 0, exten, 0);
        }

        private static boolean match(String p, int pi, String s, int si) {
            if (pi == p.length()) return si == s.length();
            char c = Character.toUpperCase(p.charAt(pi));
            if (c == '.') return si < s.length();
            if (c == '!') return true;
            if (si >= s.length()) return false;
            char x = s.charAt(si);
            if (c == '[') {
                int end = p.indexOf(']', pi);
                List<Character> set = new ArrayList<>();
                String body = p.substring(pi + 1, end);
                for (int k = 0; k < body.length(); k++) {
                    if (k + 2 < body.length() && body.charAt(k + 1) == '-') {
                        for (char r = body.charAt(k); r <= body.charAt(k + 2); r++) set.add(r);
                        k += 2;
                    } else {
                        set.add(body.charAt(k));
                    }
                }
                return set.contains(x) && match(p, end + 1, s, si + 1);
            }
            boolean ok = switch (c) {
                case 'X' -> x >= '0' && x <= '9';
                case 'Z' -> x >= '1' && x <= '9';
                case 'N' -> x >= '2' && x <= '9';
                default -> Character.toUpperCase(x) == c;
            };
            return ok && match(p, pi + 1, s, si + 1);
        }
    }
}
