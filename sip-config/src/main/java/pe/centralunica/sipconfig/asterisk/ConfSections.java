package pe.centralunica.sipconfig.asterisk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An Asterisk {@code .conf} file read as sections of {@code key = value} / {@code key => value} settings, with
 * templates ({@code [name](!)}) and inheritance ({@code [name](tpl)}) resolved, as the config parser does.
 * Enough to check the files we generate; not a general-purpose parser.
 */
record ConfSections(List<Section> sections) {

    record Section(String name, boolean template, List<String> parents, Map<String, List<String>> settings, int line) {
        Optional<String> first(String key) {
            List<String> v = settings.get(key);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getLast());
        }

        List<String> all(String key) {
            return settings.getOrDefault(key, List.of());
        }
    }

    static ConfSections parse(String text) {
        List<Section> out = new ArrayList<>();
        Map<String, Section> templates = new TreeMap<>();
        Section current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                String name = line.substring(1, end).strip();
                String rest = line.substring(end + 1).strip();
                boolean template = false;
                List<String> parents = new ArrayList<>();
                if (rest.startsWith("(") && rest.endsWith(")")) {
                    for (String opt : rest.substring(1, rest.length() - 1).split(",")) {
                        opt = opt.strip();
                        if (opt.equals("!")) template = true;
                        else if (!opt.isEmpty()) parents.add(opt);
                    }
                }
                Map<String, List<String>> settings = new TreeMap<>();
                for (String p : parents) {
                    Section t = templates.get(p);
                    if (t != null) t.settings().forEach((k, v) -> settings.put(k, new ArrayList<>(v)));
                }
                current = new Section(name, template, List.copyOf(parents), settings, i + 1);
                if (template) templates.put(name, current);
                else out.add(current);
                continue;
            }
            if (current == null) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1);
            if (value.startsWith(">")) value = value.substring(1);
            value = value.strip();
            List<String> values = current.settings().computeIfAbsent(key, k -> new ArrayList<>());
            if (!key.equals("member") && !key.equals("permit")) values.clear();
            values.add(value);
        }
        return new ConfSections(List.copyOf(out));
    }

    List<Section> named(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).toList();
    }

    List<Section> ofType(String type) {
        return sections.stream().filter(s -> s.first("type").orElse("").equals(type)).toList();
    }

    static String stripComment(String line) {
        int semi = line.indexOf(';');
        while (semi > 0 && line.charAt(semi - 1) == '\\') semi = line.indexOf(';', semi + 1);
        return semi < 0 ? line : line.substring(0, semi);
    }
}
