package pe.centralunica.console.security;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The languages a dispatcher speaks (app_user.languages): the four of DL 1590 the IVR offers — es, qu, ay, en.
 * sip-config puts a speaker first for callers of their language; Spanish is everyone's default.
 */
public final class SpokenLanguages {

    public static final List<String> ALL = List.of("es", "qu", "ay", "en");
    public static final List<String> DEFAULT = List.of("es");

    private SpokenLanguages() {
    }

    /** Lower-cased, de-duplicated, in {@link #ALL}'s order; refuses an empty list or an unknown code. */
    public static List<String> parse(Collection<String> codes) {
        List<String> clean = codes.stream().map(c -> c == null ? "" : c.strip().toLowerCase(Locale.ROOT)).distinct().toList();
        for (String c : clean) {
            if (!ALL.contains(c)) {
                throw new IllegalArgumentException("unknown language '" + c + "'; use " + String.join(", ", ALL));
            }
        }
        if (clean.isEmpty()) {
            throw new IllegalArgumentException("at least one language (" + String.join(", ", ALL) + ")");
        }
        return ALL.stream().filter(clean::contains).toList();
    }

    /** "es,qu" → [es, qu], validated. */
    public static List<String> parse(String commaSeparated) {
        return parse(List.of(commaSeparated.split(",", -1)));
    }

    /** The parameter for {@code string_to_array(?, ',')}. */
    static String forSql(List<String> languages) {
        return String.join(",", languages);
    }
}
