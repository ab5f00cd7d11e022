package pe.centralunica.sipconfig.asterisk;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import pe.centralunica.sipconfig.topology.LanguageQueues;
import pe.centralunica.sipconfig.topology.SipTopology;
import pe.centralunica.sipconfig.topology.SipTopology.DialTarget;
import pe.centralunica.sipconfig.topology.SipTopology.InboundNumber;

/**
 * Checks a generated configuration before anything is written: every context a Goto, an endpoint or a trunk
 * refers to exists, every queue the dialplan or a route target names exists, every endpoint a route target,
 * queue member or identify refers to exists, and no extension (or endpoint) is defined twice. Reads the
 * generated text back rather than trusting the generator, so a hand edit of the contract file is checked too.
 */
public final class ConfigValidator {

    private static final Pattern APP = Pattern.compile("^(\\w+)\\((.*)\\)$");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,80}");

    /** Every problem found, in a stable order; empty when the configuration is usable. */
    public List<String> problems(Map<String, String> files, SipTopology topology) {
        List<String> problems = new ArrayList<>();
        for (String f : List.of(AsteriskConfigGenerator.EXTENSIONS, AsteriskConfigGenerator.QUEUES,
                AsteriskConfigGenerator.PJSIP, AsteriskConfigGenerator.MANAGER)) {
            if (!files.containsKey(f)) problems.add(f + ": missing");
        }
        if (!problems.isEmpty()) return problems;

        Dialplan dp = Dialplan.parse(files.get(AsteriskConfigGenerator.EXTENSIONS), problems);
        ConfSections queues = ConfSections.parse(files.get(AsteriskConfigGenerator.QUEUES));
        ConfSections pjsip = ConfSections.parse(files.get(AsteriskConfigGenerator.PJSIP));
        ConfSections manager = ConfSections.parse(files.get(AsteriskConfigGenerator.MANAGER));

        Set<String> queueNames = new TreeSet<>();
        for (var s : queues.sections()) {
            if (s.name().equals("general")) continue;
            if (!queueNames.add(s.name())) problems.add("queues.conf: queue [" + s.name() + "] defined twice");
        }
        Set<String> endpoints = names(pjsip, "endpoint", problems);
        Set<String> aors = names(pjsip, "aor", problems);
        Set<String> auths = names(pjsip, "auth", problems);

        checkDialplan(dp, queueNames, problems);
        for (InboundNumber n : topology.inboundNumbers()) {
            if (!dp.hasExtension("cu-inbound", n.number())) {
                problems.add("extensions.conf: inbound number " + n.number() + " has no extension in [cu-inbound]");
            }
        }
        for (String required : List.of("cu-inbound", "cu-triage", "cu-panic", "cu-route", "cu-fallback",
                AsteriskConfigGenerator.PANIC_DEVICES, AsteriskConfigGenerator.MONITORING)) {
            if (!dp.contexts.containsKey(required)) problems.add("extensions.conf: context [" + required + "] is missing");
        }

        for (var ep : pjsip.ofType("endpoint")) {
            String where = "pjsip.conf: endpoint " + ep.name();
            if (!NAME.matcher(ep.name()).matches()) problems.add(where + ": name not usable in a dial string");
            String context = ep.first("context").orElse("");
            if (!dp.contexts.containsKey(context)) problems.add(where + ": context [" + context + "] does not exist");
            for (String aor : ep.first("aors").map(v -> v.split(",")).orElse(new String[0])) {
                if (!aors.contains(aor.strip())) problems.add(where + ": aor " + aor.strip() + " does not exist");
            }
            for (String key : List.of("auth", "outbound_auth")) {
                ep.first(key).filter(a -> !auths.contains(a)).ifPresent(a -> problems.add(where + ": " + key + " " + a + " does not exist"));
            }
        }
        for (var id : pjsip.ofType("identify")) {
            String ep = id.first("endpoint").orElse("");
            if (!endpoints.contains(ep)) problems.add("pjsip.conf: identify " + id.name() + ": endpoint " + ep + " does not exist");
        }
        for (var q : queues.sections()) {
            for (String member : q.all("member")) {
                String iface = member.split(",")[0].strip();
                if (!iface.startsWith("PJSIP/") || !endpoints.contains(iface.substring(6))) {
                    problems.add("queues.conf: queue " + q.name() + ": member " + iface + " is not a PJSIP endpoint we define");
                }
            }
        }

        if (topology.fallbackQueue().isEmpty()) {
            problems.add("data: no QUEUE route target " + SipTopology.METRO_TARGET + " (the metropolitan centre every call falls back to)");
        }
        for (var q : topology.queues()) {
            if (!queueNames.contains(q.name())) problems.add("queues.conf: queue " + q.name() + " of " + q.targetCodes() + " is missing");
        }
        for (DialTarget t : topology.dialTargets()) {
            if (!endpoints.contains(t.endpoint())) {
                problems.add("pjsip.conf: route target " + t.code() + " dials endpoint " + t.endpoint() + ", which is not defined"
                        + (t.kind() == SipTopology.DialKind.TRUNK ? " (add a sip_trunk row for it)" : ""));
            }
        }

        // [cu-route] names the class from CU_LANG, so Asterisk cannot check it at load: a missing class would leave a
        // flagged caller without the warning, silently.
        if (files.get(AsteriskConfigGenerator.EXTENSIONS).contains("CHANNEL(musicclass)=" + AsteriskConfigGenerator.FLAGGED_MOH_CLASS)) {
            ConfSections moh = ConfSections.parse(files.getOrDefault(AsteriskConfigGenerator.MUSICONHOLD, ""));
            for (String language : Stream.concat(Stream.of("es"), LanguageQueues.VARIANT_LANGUAGES.stream()).toList()) {
                String name = AsteriskConfigGenerator.FLAGGED_MOH_CLASS + language;
                var cls = moh.named(name);
                if (cls.isEmpty() || !"files".equals(cls.getFirst().first("mode").orElse("")) || cls.getFirst().first("directory").isEmpty()) {
                    problems.add("musiconhold.conf: class [" + name + "] (mode = files, a directory) is missing: flagged "
                            + language + " callers would wait without the warning");
                }
            }
        }

        var user = manager.named(amiUser(manager));
        if (user.isEmpty() || user.getFirst().first("secret").orElse("").isEmpty()) {
            problems.add("manager.conf: no AMI user with a secret");
        }
        return problems;
    }

    /** Throws {@link InvalidConfigurationException} listing every problem, if there is any. */
    public void check(Map<String, String> files, SipTopology topology) {
        List<String> problems = problems(files, topology);
        if (!problems.isEmpty()) throw new InvalidConfigurationException(problems);
    }

    private static String amiUser(ConfSections manager) {
        return manager.sections().stream().map(ConfSections.Section::name).filter(n -> !n.equals("general")).findFirst().orElse("");
    }

    private static Set<String> names(ConfSections conf, String type, List<String> problems) {
        Set<String> out = new TreeSet<>();
        for (var s : conf.ofType(type)) {
            if (!out.add(s.name())) problems.add("pjsip.conf: " + type + " " + s.name() + " defined twice");
        }
        return out;
    }

    private static void checkDialplan(Dialplan dp, Set<String> queues, List<String> problems) {
        String fallback = dp.globals.getOrDefault("CU_FALLBACK_QUEUE", "");
        if (!queues.contains(fallback)) problems.add("extensions.conf: CU_FALLBACK_QUEUE '" + fallback + "' is not a queue in queues.conf");
        if (dp.globals.getOrDefault("CU_AGI", "").isBlank()) problems.add("extensions.conf: global CU_AGI is empty");
        // The AGI steps try CU_AGI_1, CU_AGI_2, … in order: without the first, every call goes to the fallback.
        if (dp.globals.getOrDefault("CU_AGI_1", "").isBlank()) problems.add("extensions.conf: global CU_AGI_1 (first FastAGI node) is empty");
        for (Step step : dp.steps) {
            String where = "extensions.conf line " + step.line + " [" + step.context + "] " + step.exten;
            switch (step.app.toLowerCase()) {
                case "goto" -> checkGoto(dp, step, step.data, where, problems);
                case "gotoif" -> {
                    int q = step.data.indexOf('?');
                    if (q < 0) { problems.add(where + ": GotoIf without '?'"); continue; }
                    for (String dest : step.data.substring(q + 1).split(":", -1)) {
                        if (!dest.isBlank()) checkGoto(dp, step, dest, where, problems);
                    }
                }
                case "queue" -> {
                    String name = step.data.split(",", -1)[0];
                    String resolved = name.equals("${CU_FALLBACK_QUEUE}") ? fallback : name;
                    if (!resolved.contains("${") && !queues.contains(resolved)) {
                        problems.add(where + ": Queue(" + name + ") names no queue in queues.conf");
                    }
                }
                default -> {
                }
            }
        }
    }

    private static void checkGoto(Dialplan dp, Step step, String dest, String where, List<String> problems) {
        String[] parts = dest.split(",", -1);
        if (dest.contains("${") && parts.length < 3) return;
        switch (parts.length) {
            case 1 -> {
                if (!dp.hasLabel(step.context, step.exten, parts[0].strip())) {
                    problems.add(where + ": Goto label '" + parts[0] + "' does not exist in this extension");
                }
            }
            case 3 -> {
                String ctx = parts[0].strip();
                if (ctx.contains("${")) return;
                if (!dp.contexts.containsKey(ctx)) {
                    problems.add(where + ": Goto to context [" + ctx + "], which does not exist");
                } else if (!parts[1].contains("${") && !dp.hasExtension(ctx, parts[1].strip())) {
                    problems.add(where + ": Goto to " + parts[1] + " in [" + ctx + "], which has no such extension");
                }
            }
            default -> {
            }
        }
    }

    private record Step(String context, String exten, int priority, String label, String app, String data, int line) {
    }

    /** Just enough of pbx_config's reading to check references and duplicates. */
    private static final class Dialplan {
        final Map<String, Map<String, Map<Integer, Step>>> contexts = new LinkedHashMap<>();
        final Map<String, String> globals = new LinkedHashMap<>();
        final List<Step> steps = new ArrayList<>();

        static Dialplan parse(String text, List<String> problems) {
            Dialplan dp = new Dialplan();
            String context = null;
            String lastExten = null;
            int lastPriority = 0;
            Set<String> headers = new HashSet<>();
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = ConfSections.stripComment(lines[i]).strip();
                if (line.isEmpty()) continue;
                if (line.startsWith("[")) {
                    context = line.substring(1, line.indexOf(']')).strip();
                    if (!headers.add(context)) problems.add("extensions.conf line " + (i + 1) + ": context [" + context + "] defined twice");
                    if (!context.equals("globals")) dp.contexts.computeIfAbsent(context, k -> new LinkedHashMap<>());
                    lastExten = null;
                    continue;
                }
                if ("globals".equals(context)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) dp.globals.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                    continue;
                }
                int arrow = line.indexOf("=>");
                if (arrow < 0 || context == null) continue;
                String kind = line.substring(0, arrow).strip();
                String rest = line.substring(arrow + 2).strip();
                String exten;
                if (kind.equals("exten")) {
                    int comma = rest.indexOf(',');
                    exten = rest.substring(0, comma).strip();
                    rest = rest.substring(comma + 1);
                } else if (kind.equals("same") && lastExten != null) {
                    exten = lastExten;
                } else {
                    if (kind.equals("same")) problems.add("extensions.conf line " + (i + 1) + ": 'same' without an extension");
                    continue;
                }
                int comma = rest.indexOf(',');
                String prio = rest.substring(0, comma).strip();
                String app = rest.substring(comma + 1).strip();
                String label = null;
                int paren = prio.indexOf('(');
                if (paren >= 0) {
                    label = prio.substring(paren + 1, prio.indexOf(')'));
                    prio = prio.substring(0, paren);
                }
                int priority = prio.equals("n") ? lastPriority + 1 : Integer.parseInt(prio);
                Matcher m = APP.matcher(app);
                Step step = new Step(context, exten, priority, label, m.matches() ? m.group(1) : app, m.matches() ? m.group(2) : "", i + 1);
                var ext = dp.contexts.get(context).computeIfAbsent(exten, k -> new LinkedHashMap<>());
                if (ext.putIfAbsent(priority, step) != null) {
                    problems.add("extensions.conf line " + (i + 1) + ": duplicate extension " + exten + " priority " + priority
                            + " in [" + context + "]");
                }
                dp.steps.add(step);
                lastExten = exten;
                lastPriority = priority;
            }
            return dp;
        }

        boolean hasExtension(String context, String exten) {
            var exts = contexts.get(context);
            if (exts == null) return false;
            if (exts.containsKey(exten)) return true;
            return exts.keySet().stream().anyMatch(p -> p.startsWith("_") && matches(p.substring(1), exten));
        }

        boolean hasLabel(String context, String exten, String label) {
            var ext = contexts.getOrDefault(context, Map.of()).getOrDefault(exten, Map.of());
            return ext.values().stream().anyMatch(s -> label.equals(s.label()));
        }

        /** Asterisk patterns: X, Z, N, [..], '.', '!' — enough for our own patterns. */
        static boolean matches(String pattern, String exten) {
            StringBuilder re = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                switch (c) {
                    case 'X', 'x' -> re.append("[0-9]");
                    case 'Z', 'z' -> re.append("[1-9]");
                    case 'N', 'n' -> re.append("[2-9]");
                    case '.' -> re.append(".+");
                    case '!' -> re.append(".*");
                    case '[' -> {
                        int end = pattern.indexOf(']', i);
                        re.append(pattern, i, end + 1);
                        i = end;
                    }
                    default -> re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return exten.matches(re.toString());
        }
    }
}
