package pe.centralunica.router;

import pe.centralunica.router.rules.InvalidRuleSetException;
import pe.centralunica.router.rules.Problem;
import pe.centralunica.router.rules.Rule;
import pe.centralunica.router.rules.RuleSet;
import pe.centralunica.router.rules.RuleTarget;
import pe.centralunica.router.rules.RuleValidator;
import pe.centralunica.router.rules.Schedule;
import pe.centralunica.router.rules.Specificity;
import pe.centralunica.router.rules.Target;
import pe.centralunica.router.rules.TargetRef;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated rule set compiled for lookups: immutable, so any number of threads decide on it at once and a
 * new table replaces it in one reference swap ({@link LiveRouter}).
 *
 * <p>Rules are indexed by caller class → district → emergency type → jurisdiction, an unset criterion filed
 * under a wildcard. A decision visits the 16 combinations of "the call's value" and "wildcard" (at most 64
 * hash lookups, usually far fewer), then checks the schedules of the few rules found; the cost does not
 * grow with the number of rules. The highest specificity wins; validation guarantees there is no tie.
 */
public final class RoutingTable {

    /** The deployment's time zone: schedules are local times in Lima. */
    public static final ZoneId LIMA = ZoneId.of("America/Lima");

    private static final String ANY = "*";
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final CompiledRule[] NONE = new CompiledRule[0];

    private final long version;
    private final ZoneId zone;
    private final Map<String, Map<String, Map<String, Map<String, CompiledRule[]>>>> index;
    private final Map<String, Target> targets;
    private final Map<String, String> districts;
    private final Map<String, Integer> typePriorities;
    private final Target metro;
    private final RouteStep metroStep;
    private final List<Problem> warnings;
    private final int ruleCount;

    private RoutingTable(long version, ZoneId zone,
                         Map<String, Map<String, Map<String, Map<String, CompiledRule[]>>>> index,
                         Map<String, Target> targets, Map<String, String> districts,
                         Map<String, Integer> typePriorities, Target metro, List<Problem> warnings, int ruleCount) {
        this.version = version;
        this.zone = zone;
        this.index = index;
        this.targets = targets;
        this.districts = districts;
        this.typePriorities = typePriorities;
        this.metro = metro;
        this.metroStep = metro.step(metro.ringTimeoutSeconds());
        this.warnings = warnings;
        this.ruleCount = ruleCount;
    }

    /** Validates and compiles; throws {@link InvalidRuleSetException} when the set has errors. */
    public static RoutingTable compile(RuleSet set) {
        return compile(set, LIMA);
    }

    public static RoutingTable compile(RuleSet set, ZoneId zone) {
        List<Problem> warnings = new RuleValidator().requireValid(set);
        Map<String, Map<String, Map<String, Map<String, List<CompiledRule>>>>> building = new HashMap<>();
        int count = 0;
        // rules with the same schedule share one minute set: fewer cache misses on large tables
        Map<Schedule, BitSet> minuteSets = new HashMap<>();
        for (Rule rule : set.rules()) {
            if (!rule.enabled()) {
                continue;
            }
            count++;
            building.computeIfAbsent(rule.callerClass().map(Enum::name).orElse(ANY), k -> new HashMap<>())
                    .computeIfAbsent(rule.district().orElse(ANY), k -> new HashMap<>())
                    .computeIfAbsent(rule.emergencyType().orElse(ANY), k -> new HashMap<>())
                    .computeIfAbsent(rule.jurisdiction().orElse(ANY), k -> new ArrayList<>())
                    .add(CompiledRule.of(rule, set.targets(), minuteSets));
        }
        var index = freeze(building);
        return new RoutingTable(set.version(), zone, index, set.targets(), set.districts(), set.emergencyTypes(),
                set.targets().get(set.metroTarget()), warnings, count);
    }

    /**
     * The table a node starts with before it has read the rules: every call to the metropolitan centre,
     * exactly what the dialplan's own fallback does.
     */
    public static RoutingTable lastResortOnly() {
        Target metro = new Target(RuleSet.METRO, Target.Kind.QUEUE, "cic-sc", Optional.empty(), 60, true);
        return new RoutingTable(0, LIMA, Map.of(), Map.of(metro.code(), metro), Map.of(), Map.of(), metro, List.of(), 0);
    }

    private static Map<String, Map<String, Map<String, Map<String, CompiledRule[]>>>> freeze(
            Map<String, Map<String, Map<String, Map<String, List<CompiledRule>>>>> building) {
        Map<String, Map<String, Map<String, Map<String, CompiledRule[]>>>> out = new HashMap<>();
        building.forEach((c, byDistrict) -> {
            Map<String, Map<String, Map<String, CompiledRule[]>>> d2 = new HashMap<>();
            byDistrict.forEach((d, byType) -> {
                Map<String, Map<String, CompiledRule[]>> t2 = new HashMap<>();
                byType.forEach((t, byJurisdiction) -> {
                    Map<String, CompiledRule[]> j2 = new HashMap<>();
                    byJurisdiction.forEach((j, rules) -> j2.put(j, rules.stream()
                            .sorted(CompiledRule.PRECEDENCE).toArray(CompiledRule[]::new)));
                    t2.put(t, Map.copyOf(j2));
                });
                d2.put(d, Map.copyOf(t2));
            });
            out.put(c, Map.copyOf(d2));
        });
        return Map.copyOf(out);
    }

    /** Routing version of the rule set this table was compiled from (0 for {@link #lastResortOnly()}). */
    public long version() {
        return version;
    }

    /** Enabled rules in the table. */
    public int ruleCount() {
        return ruleCount;
    }

    /** Warnings found when the table was compiled (e.g. rules naming disabled targets). */
    public List<Problem> warnings() {
        return warnings;
    }

    /** Decides for a call against this table; {@code availability} says which targets are down now. */
    public RouteDecision decide(CallFacts facts, AvailabilityBoard availability) {
        String district = facts.district().orElse(null);
        String districtJurisdiction = district == null ? null : districts.get(district);
        String jurisdiction = districtJurisdiction != null ? districtJurisdiction : facts.jurisdiction().orElse(null);
        ZonedDateTime local = facts.at().withZoneSameInstant(zone);
        int minute = Schedule.minuteOfWeek(local.getDayOfWeek(), local.getHour(), local.getMinute());

        Matches matches = new Matches();
        String[] classes = {facts.callerClass().name(), ANY};
        String[] districtKeys = {district, ANY};
        String[] typeKeys = {facts.emergencyType(), ANY};
        String[] jurisdictionKeys = {jurisdiction, ANY};
        for (String c : classes) {
            var byDistrict = index.get(c);
            if (byDistrict == null) continue;
            for (String d : districtKeys) {
                var byType = d == null ? null : byDistrict.get(d);
                if (byType == null) continue;
                for (String t : typeKeys) {
                    var byJurisdiction = byType.get(t);
                    if (byJurisdiction == null) continue;
                    for (String j : jurisdictionKeys) {
                        CompiledRule[] rules = j == null ? NONE : byJurisdiction.getOrDefault(j, NONE);
                        for (CompiledRule r : rules) {
                            if (r.activeAt(minute)) {
                                matches.add(r);
                            }
                        }
                    }
                }
            }
        }
        return matches.best == null
                ? noRule(facts, jurisdiction, local, availability)
                : route(matches, facts, jurisdiction, local, availability);
    }

    private RouteDecision route(Matches matches, CallFacts facts, String jurisdiction, ZonedDateTime local,
                                AvailabilityBoard availability) {
        String district = facts.district().orElse(null);
        CompiledRule winner = matches.best;
        List<RouteStep> steps = new ArrayList<>(winner.steps.length + 1);
        List<RouteDecision.Skipped> skipped = new ArrayList<>(2);
        for (StepTemplate step : winner.steps) {
            Target target;
            RouteStep ready = step.step;
            if (step.fixed != null) {
                target = step.fixed;
            } else if (district == null) {
                skipped.add(new RouteDecision.Skipped(TargetRef.DistrictCentral.NAME,
                        "the call's district is unknown, so it has no district central"));
                continue;
            } else {
                target = targets.get("Q-SER-" + district);
                if (target == null) {
                    skipped.add(new RouteDecision.Skipped("Q-SER-" + district,
                            "district " + district + " has no Serenazgo queue"));
                    continue;
                }
                ready = target.step(step.ringTimeout(target));
            }
            if (target == metro) {
                continue; // always appended last, below
            }
            if (!target.enabled()) {
                skipped.add(new RouteDecision.Skipped(target.code(), "disabled"));
                continue;
            }
            Optional<String> down = availability.downReason(target.code());
            if (down.isPresent()) {
                skipped.add(new RouteDecision.Skipped(target.code(), "down: " + down.get()));
                continue;
            }
            if (alreadyStep(steps, target.code())) {
                skipped.add(new RouteDecision.Skipped(target.code(), "already an earlier step"));
                continue;
            }
            steps.add(ready);
        }
        StepTemplate last = winner.steps[winner.steps.length - 1];
        steps.add(last.fixed == metro ? last.step : metroStep);
        int priority = winner.rule.priority();
        StringBuilder sb = describeCall(facts, jurisdiction, local);
        String explanation = explain(sb, winner, matches.others, steps, skipped, availability);
        return new RouteDecision(winner.rule.id(), winner.rule.name(), priority, steps, skipped, explanation, version);
    }

    private RouteDecision noRule(CallFacts facts, String jurisdiction, ZonedDateTime local,
                                 AvailabilityBoard availability) {
        int priority = typePriorities.getOrDefault(facts.emergencyType(), 3);
        List<RouteStep> steps = List.of(metroStep);
        StringBuilder sb = describeCall(facts, jurisdiction, local)
                .append("no rule matched; the metropolitan centre takes the call at the type's default priority ")
                .append(priority).append('.');
        metroNote(sb, availability);
        sb.append(" Table version ").append(version).append('.');
        return new RouteDecision(0, "(none)", priority, steps, List.of(), sb.toString(), version);
    }

    private static boolean alreadyStep(List<RouteStep> steps, String code) {
        for (RouteStep s : steps) {
            if (s.targetCode().equals(code)) {
                return true;
            }
        }
        return false;
    }

    /** "NORMAL CRIME call from district 150122 (LIMA) on Mon 23:05: " — the facts the decision was made on. */
    private static StringBuilder describeCall(CallFacts facts, String jurisdiction, ZonedDateTime local) {
        StringBuilder sb = new StringBuilder(400).append(facts.callerClass()).append(' ').append(facts.emergencyType())
                .append(" call from ");
        if (facts.district().isPresent()) {
            sb.append("district ").append(facts.district().get());
            if (jurisdiction != null) {
                sb.append(" (").append(jurisdiction).append(')');
            }
        } else if (jurisdiction != null) {
            sb.append(jurisdiction).append(", district unknown");
        } else {
            sb.append("an unknown place");
        }
        int hour = local.getHour();
        int minute = local.getMinute();
        return sb.append(" on ").append(DAYS[local.getDayOfWeek().ordinal()]).append(' ')
                .append(hour < 10 ? "0" : "").append(hour).append(':').append(minute < 10 ? "0" : "").append(minute)
                .append(": ");
    }

    private String explain(StringBuilder sb, CompiledRule winner, List<CompiledRule> others, List<RouteStep> steps,
                           List<RouteDecision.Skipped> skipped, AvailabilityBoard availability) {
        sb.append("rule ").append(winner.rule.label())
                .append(" (priority ").append(winner.rule.priority()).append(") matched on ").append(winner.criteria)
                .append(" and won with specificity ").append(Specificity.breakdown(winner.weight));
        if (others.isEmpty()) {
            sb.append("; no other rule matched.");
        } else {
            others.sort(CompiledRule.PRECEDENCE);
            sb.append("; also matched, less specific: ");
            for (int i = 0; i < others.size(); i++) {
                CompiledRule o = others.get(i);
                sb.append(i == 0 ? "" : ", ").append(o.rule.label()).append(" (").append(o.weight).append(')');
            }
            sb.append('.');
        }
        sb.append(" Steps: ");
        for (int i = 0; i < steps.size(); i++) {
            RouteStep s = steps.get(i);
            sb.append(i == 0 ? "" : ", ").append(s.targetCode()).append(' ').append(s.ringTimeoutSeconds()).append(" s");
        }
        sb.append(" (the metropolitan centre is always last).");
        if (!skipped.isEmpty()) {
            sb.append(" Skipped: ");
            for (int i = 0; i < skipped.size(); i++) {
                RouteDecision.Skipped s = skipped.get(i);
                sb.append(i == 0 ? "" : "; ").append(s.targetCode()).append(" (").append(s.reason()).append(')');
            }
            sb.append('.');
        }
        metroNote(sb, availability);
        sb.append(" Table version ").append(version).append('.');
        return sb.toString();
    }

    private void metroNote(StringBuilder sb, AvailabilityBoard availability) {
        Optional<String> down = availability.downReason(metro.code());
        if (down.isPresent()) {
            sb.append(" The metropolitan centre ").append(metro.code()).append(" is marked down (").append(down.get())
                    .append(") but is kept: it is the last resort.");
        } else if (!metro.enabled()) {
            sb.append(" The metropolitan centre ").append(metro.code())
                    .append(" is disabled but is kept: it is the last resort.");
        }
    }

    /** Collects matching rules: the best so far and the rest. */
    private static final class Matches {
        CompiledRule best;
        final List<CompiledRule> others = new ArrayList<>(4);

        void add(CompiledRule r) {
            if (best == null) {
                best = r;
            } else if (CompiledRule.PRECEDENCE.compare(r, best) < 0) {
                others.add(best);
                best = r;
            } else {
                others.add(r);
            }
        }
    }

    /** A rule step; for a fixed target the dialplan step is built once, at compile time. */
    private record StepTemplate(Target fixed, Optional<Integer> override, RouteStep step) {
        int ringTimeout(Target target) {
            return override.orElse(target.ringTimeoutSeconds());
        }
    }

    private record CompiledRule(Rule rule, int weight, BitSet minutes, StepTemplate[] steps, String criteria) {

        /** Most specific first; the lower id settles what validation already forbids (a tie). */
        static final Comparator<CompiledRule> PRECEDENCE = Comparator.comparingInt(CompiledRule::weight).reversed()
                .thenComparingLong(r -> r.rule.id());

        static CompiledRule of(Rule rule, Map<String, Target> targets, Map<Schedule, BitSet> minuteSets) {
            StepTemplate[] steps = new StepTemplate[rule.targets().size()];
            for (int i = 0; i < steps.length; i++) {
                RuleTarget t = rule.targets().get(i);
                Target fixed = t.target() instanceof TargetRef.Fixed(String code) ? targets.get(code) : null;
                steps[i] = new StepTemplate(fixed, t.ringTimeoutSeconds(),
                        fixed == null ? null : fixed.step(t.ringTimeoutSeconds().orElse(fixed.ringTimeoutSeconds())));
            }
            BitSet minutes = rule.schedule().restricted()
                    ? minuteSets.computeIfAbsent(rule.schedule(), Schedule::minutes) : null;
            return new CompiledRule(rule, rule.specificity(), minutes, steps, Specificity.criteria(rule));
        }

        boolean activeAt(int minuteOfWeek) {
            return minutes == null || minutes.get(minuteOfWeek);
        }
    }
}
