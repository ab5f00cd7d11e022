package pe.centralunica.simulator.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which bus events a manager.conf user is sent, as Asterisk 20 decides it: the event's class (its
 * {@code Privilege} header, e.g. {@code dialplan,all}) must be in the user's {@code read} classes ({@code all} reads
 * every class), and no exclude filter ({@code eventfilter(action(exclude),name(E),header(H),method(regex)) = R})
 * may match it. A real Asterisk sends no VarSet to a user without {@code dialplan}; neither does the simulator.
 *
 * @param read     the user's read classes, lower case
 * @param excludes its exclude filters, applied in order
 */
public record AmiEventPermissions(Set<String> read, List<Exclude> excludes) {

    /** An advanced exclude filter: {@code name} (the event, or null for any) whose {@code header} matches {@code regex}. */
    public record Exclude(String name, String header, Pattern regex) {
        boolean matches(AmiEvent e) {
            if (name != null && !name.equalsIgnoreCase(e.name())) return false;
            String value = e.get(header);
            // Asterisk's regex method searches the header's value (regexec, unanchored unless the pattern anchors).
            return value != null && regex.matcher(value).find();
        }
    }

    public AmiEventPermissions {
        read = Set.copyOf(read);
        excludes = List.copyOf(excludes);
    }

    /** Every event (manager.conf {@code read = all}, no filters): what a test observer reads. */
    public static AmiEventPermissions all() {
        return new AmiEventPermissions(Set.of("all"), List.of());
    }

    /** From a manager.conf {@code read} value such as {@code system,call,dialplan}. */
    public static AmiEventPermissions reading(String classes, List<Exclude> excludes) {
        return new AmiEventPermissions(Arrays.stream(classes.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet()), excludes);
    }

    /** Whether a bus event reaches this user. Events without a Privilege header (responses, list items) always do. */
    boolean sends(AmiEvent e) {
        String privilege = e.get("Privilege");
        if (privilege != null && !read.contains("all")) {
            boolean readable = Arrays.stream(privilege.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT))
                    .anyMatch(c -> !c.equals("all") && read.contains(c));
            if (!readable) return false;
        }
        for (Exclude x : excludes) {
            if (x.matches(e)) return false;
        }
        return true;
    }
}
