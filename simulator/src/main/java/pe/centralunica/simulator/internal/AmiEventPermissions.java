package pe.centralunica.simulator.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which bus events a manager.conf user is sent, as Asterisk 20 decides it: the event's class (its
 * {@code Privilege} header, e.g. {@code dialplan,all}) must be in the user's {@code read} classes ({@code all} reads
 * every class); then, when the user has include filters ({@code eventfilter(action(include),name(E),header(H),
 * method(exact)) = V}), one of them must match; and no exclude filter ({@code eventfilter(action(exclude),name(E),
 * header(H),method(regex)) = R}) may match. A real Asterisk sends no VarSet to a user without {@code dialplan};
 * neither does the simulator.
 *
 * @param read     the user's read classes, lower case
 * @param includes its include filters (none: every readable event)
 * @param excludes its exclude filters
 */
public record AmiEventPermissions(Set<String> read, List<Include> includes, List<Exclude> excludes) {

    /** An advanced exclude filter: {@code name} (the event, or null for any) whose {@code header} matches {@code regex}. */
    public record Exclude(String name, String header, Pattern regex) {
        boolean matches(AmiEvent e) {
            if (name != null && !name.equalsIgnoreCase(e.name())) return false;
            if (header == null) return regex.matcher(e.toString()).find();
            String value = e.get(header);
            // Asterisk's regex method searches the header's value (regexec, unanchored unless the pattern anchors).
            return value != null && regex.matcher(value).find();
        }
    }

    /**
     * An advanced include filter: {@code name} (the event, or null for any) and, when {@code header} is set, that
     * header's value equal to {@code exact} ({@code method(exact)}).
     */
    public record Include(String name, String header, String exact) {
        boolean matches(AmiEvent e) {
            if (name != null && !name.equalsIgnoreCase(e.name())) return false;
            return header == null || exact.equals(e.get(header));
        }
    }

    public AmiEventPermissions {
        read = Set.copyOf(read);
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }

    /** Every event (manager.conf {@code read = all}, no filters): what a test observer reads. */
    public static AmiEventPermissions all() {
        return new AmiEventPermissions(Set.of("all"), List.of(), List.of());
    }

    /** From a manager.conf {@code read} value such as {@code system,call,dialplan}. */
    public static AmiEventPermissions reading(String classes, List<Exclude> excludes) {
        return new AmiEventPermissions(classes(classes), List.of(), excludes);
    }

    private static Set<String> classes(String value) {
        return Arrays.stream(value.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    private static final Pattern FILTER = Pattern.compile("eventfilter\\(([^)]*(?:\\)[^)=]*)*)\\)\\s*=\\s*(.*)");
    private static final Pattern CRITERION = Pattern.compile("(action|name|header|method)\\(([^)]*)\\)");

    /**
     * The {@code read} line and advanced event filters of {@code user}'s section of a manager.conf, as the
     * generated one writes them. A filter the simulator cannot apply as Asterisk would (a legacy filter, another
     * method) is refused, so a test never runs on filters it silently ignores.
     */
    public static AmiEventPermissions fromManagerConf(String managerConf, String user) {
        Set<String> read = Set.of();
        List<Include> includes = new ArrayList<>();
        List<Exclude> excludes = new ArrayList<>();
        boolean inSection = false;
        boolean found = false;
        for (String raw : managerConf.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                inSection = line.startsWith("[" + user + "]");
                found |= inSection;
                continue;
            }
            if (!inSection || line.isEmpty() || line.startsWith(";")) continue;
            if (line.startsWith("read")) {
                read = classes(line.substring(line.indexOf('=') + 1));
            } else if (line.startsWith("eventfilter")) {
                Matcher f = FILTER.matcher(line);
                if (!f.matches()) throw new IllegalArgumentException("the simulator applies advanced filters only: " + line);
                String action = "include", name = null, header = null, method = "none";
                Matcher c = CRITERION.matcher(f.group(1));
                while (c.find()) {
                    switch (c.group(1)) {
                        case "action" -> action = c.group(2);
                        case "name" -> name = c.group(2);
                        case "header" -> header = c.group(2);
                        default -> method = c.group(2);
                    }
                }
                String value = f.group(2).strip();
                if (action.equals("exclude") && method.equals("regex")) {
                    excludes.add(new Exclude(name, header, Pattern.compile(value)));
                } else if (action.equals("include") && (value.isEmpty() || method.equals("exact"))) {
                    includes.add(new Include(name, value.isEmpty() ? null : header, value));
                } else {
                    throw new IllegalArgumentException("filter not simulated (action " + action + ", method " + method + "): " + line);
                }
            }
        }
        if (!found) throw new IllegalArgumentException("no [" + user + "] section in the manager.conf");
        return new AmiEventPermissions(read, includes, excludes);
    }

    /** Whether a bus event reaches this user. Events without a Privilege header (responses, list items) always do. */
    boolean sends(AmiEvent e) {
        String privilege = e.get("Privilege");
        if (privilege == null) return true;
        if (!read.contains("all")) {
            boolean readable = Arrays.stream(privilege.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT))
                    .anyMatch(c -> !c.equals("all") && read.contains(c));
            if (!readable) return false;
        }
        if (!includes.isEmpty() && includes.stream().noneMatch(i -> i.matches(e))) return false;
        for (Exclude x : excludes) {
            if (x.matches(e)) return false;
        }
        return true;
    }
}
