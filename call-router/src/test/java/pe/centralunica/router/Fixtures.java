package pe.centralunica.router;

import pe.centralunica.router.rules.Rule;
import pe.centralunica.router.rules.RuleSet;
import pe.centralunica.router.rules.RuleTarget;
import pe.centralunica.router.rules.Schedule;
import pe.centralunica.router.rules.Target;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An in-memory copy of the reference data (V2) that routing tests build on. */
public final class Fixtures {

    public static final String MIRAFLORES = "150122";
    public static final String LIMA_CERCADO = "150101";
    /** A Lima district deliberately without a Serenazgo queue in these fixtures. */
    public static final String NO_QUEUE_DISTRICT = "150143";
    public static final String CALLAO = "070101";
    public static final String TRUJILLO = "130101";

    private Fixtures() {
    }

    public static Map<String, String> districts() {
        Map<String, String> d = new HashMap<>();
        for (int i = 1; i <= 43; i++) d.put("1501%02d".formatted(i), "LIMA");
        for (int i = 1; i <= 7; i++) d.put("0701%02d".formatted(i), "CALLAO");
        for (int i = 1; i <= 11; i++) d.put("1301%02d".formatted(i), "TRUJILLO");
        return d;
    }

    public static Map<String, Target> targets() {
        Map<String, Target> t = new HashMap<>();
        put(t, queue("Q-METRO", "cic-sc", 60));
        put(t, queue("Q-REVIEW", "cic-review", 120));
        put(t, queue("Q-PNP", "desk-pnp", 25));
        put(t, queue("Q-CGBVP", "desk-cgbvp", 25));
        put(t, queue("Q-SAMU", "desk-samu", 25));
        put(t, queue("Q-LINEA100", "desk-linea100", 25));
        put(t, trunk("T-PNP", "trunk-pnp", "105"));
        put(t, trunk("T-CGBVP", "trunk-cgbvp", "116"));
        put(t, trunk("T-SAMU", "trunk-samu", "106"));
        put(t, trunk("T-LINEA100", "trunk-linea100", "100"));
        districts().keySet().stream().filter(d -> !d.equals(NO_QUEUE_DISTRICT))
                .forEach(d -> put(t, queue("Q-SER-" + d, "ser-" + d, 20)));
        return t;
    }

    public static Map<String, Integer> emergencyTypes() {
        return Map.of("CRIME", 2, "FIRE", 1, "MEDICAL", 1, "TRAFFIC", 2, "PUBLIC_SERVICES", 3,
                "DOMESTIC_VIOLENCE", 1, "OTHER", 4, "UNKNOWN", 3);
    }

    /** The ten default rules of V2, ids 1 … 10 in the migration's order. */
    public static List<Rule> referenceRules() {
        return List.of(
                rule(1, "Por defecto: central del distrito").priority(3).targets(RuleTarget.districtCentral()).build(),
                rule(2, "Botón de pánico: serenazgo del distrito y PNP").callerClass(CallerClass.PANIC).priority(1)
                        .targets(RuleTarget.districtCentral(20), RuleTarget.of("Q-PNP", 25)).build(),
                rule(3, "Llamada silenciosa: centro metropolitano").callerClass(CallerClass.SILENT).priority(2)
                        .targets(RuleTarget.of("Q-METRO")).build(),
                rule(4, "Llamante señalado: cola de revisión").callerClass(CallerClass.FLAGGED).priority(5)
                        .targets(RuleTarget.of("Q-REVIEW")).build(),
                rule(5, "Delito: serenazgo y PNP").type("CRIME").priority(2)
                        .targets(RuleTarget.districtCentral(), RuleTarget.of("Q-PNP"), RuleTarget.of("T-PNP")).build(),
                rule(6, "Incendio: bomberos").type("FIRE").priority(1)
                        .targets(RuleTarget.of("Q-CGBVP"), RuleTarget.of("T-CGBVP")).build(),
                rule(7, "Emergencia médica: SAMU").type("MEDICAL").priority(1)
                        .targets(RuleTarget.of("Q-SAMU"), RuleTarget.of("T-SAMU")).build(),
                rule(8, "Accidente de tránsito: PNP y SAMU").type("TRAFFIC").priority(2)
                        .targets(RuleTarget.of("Q-PNP"), RuleTarget.of("Q-SAMU")).build(),
                rule(9, "Servicios públicos: serenazgo y bomberos").type("PUBLIC_SERVICES").priority(3)
                        .targets(RuleTarget.districtCentral(), RuleTarget.of("Q-CGBVP")).build(),
                rule(10, "Violencia familiar: Línea 100 y PNP").type("DOMESTIC_VIOLENCE").priority(1)
                        .targets(RuleTarget.of("Q-LINEA100"), RuleTarget.of("T-LINEA100"), RuleTarget.of("Q-PNP")).build());
    }

    public static RuleSet reference() {
        return set(1, referenceRules());
    }

    public static RuleSet set(long version, List<Rule> rules) {
        return new RuleSet(version, rules, targets(), districts(), Set.of("LIMA", "CALLAO", "TRUJILLO"),
                emergencyTypes(), RuleSet.METRO);
    }

    public static RuleSet referencePlus(Rule... extra) {
        List<Rule> rules = new ArrayList<>(referenceRules());
        rules.addAll(List.of(extra));
        return set(1, rules);
    }

    /** A Lima local time: Monday 1 December 2025 is a Monday. */
    public static ZonedDateTime lima(DayOfWeek day, int hour, int minute) {
        return LocalDateTime.of(2025, 12, day.getValue(), hour, minute).atZone(RoutingTable.LIMA);
    }

    public static CallFacts call(String type, String district) {
        return new CallFacts(Optional.empty(), Optional.ofNullable(district), type, CallerClass.NORMAL,
                lima(DayOfWeek.WEDNESDAY, 12, 0));
    }

    public static CallFacts call(String type, String district, CallerClass callerClass) {
        return new CallFacts(Optional.empty(), Optional.ofNullable(district), type, callerClass,
                lima(DayOfWeek.WEDNESDAY, 12, 0));
    }

    public static CallFacts call(String type, String district, ZonedDateTime at) {
        return new CallFacts(Optional.empty(), Optional.ofNullable(district), type, CallerClass.NORMAL, at);
    }

    public static RuleBuilder rule(long id, String name) {
        return new RuleBuilder(id, name);
    }

    private static void put(Map<String, Target> map, Target t) {
        map.put(t.code(), t);
    }

    public static Target queue(String code, String name, int timeout) {
        return new Target(code, Target.Kind.QUEUE, name, Optional.empty(), timeout, true);
    }

    static Target trunk(String code, String name, String number) {
        return new Target(code, Target.Kind.TRUNK, name, Optional.of(number), 30, true);
    }

    /** Terse rule construction for tests. */
    public static final class RuleBuilder {
        private final long id;
        private final String name;
        private Optional<String> jurisdiction = Optional.empty();
        private Optional<String> district = Optional.empty();
        private Optional<String> type = Optional.empty();
        private Optional<CallerClass> callerClass = Optional.empty();
        private Schedule schedule = Schedule.ALWAYS;
        private int priority = 3;
        private boolean enabled = true;
        private List<RuleTarget> targets = List.of(RuleTarget.of("Q-PNP"));

        RuleBuilder(long id, String name) {
            this.id = id;
            this.name = name;
        }

        public RuleBuilder jurisdiction(String j) { jurisdiction = Optional.of(j); return this; }
        public RuleBuilder district(String d) { district = Optional.of(d); return this; }
        public RuleBuilder type(String t) { type = Optional.of(t); return this; }
        public RuleBuilder callerClass(CallerClass c) { callerClass = Optional.of(c); return this; }
        public RuleBuilder priority(int p) { priority = p; return this; }
        public RuleBuilder disabled() { enabled = false; return this; }
        public RuleBuilder targets(RuleTarget... t) { targets = List.of(t); return this; }
        public RuleBuilder schedule(Schedule s) { schedule = s; return this; }

        public RuleBuilder days(DayOfWeek first, DayOfWeek... rest) {
            schedule = new Schedule(Optional.of(EnumSet.of(first, rest)), schedule.from(), schedule.to());
            return this;
        }

        public RuleBuilder window(String from, String to) {
            schedule = new Schedule(schedule.days(), Optional.of(LocalTime.parse(from)), Optional.of(LocalTime.parse(to)));
            return this;
        }

        public Rule build() {
            return new Rule(id, name, jurisdiction, district, type, callerClass, schedule, priority, enabled, 1, targets);
        }
    }
}
