package pe.centralunica.router.rules;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a whole rule set before it is used or stored. Errors: unknown codes, a district outside the rule's
 * jurisdiction, a bad time window, an empty or malformed target list, two enabled rules that tie (equal
 * specificity and a call both match), an enabled rule no call can reach (every call it matches goes to more
 * specific rules). Warnings: a rule that routes to a disabled target (the target is skipped per call).
 */
public final class RuleValidator {

    /** Problems found, errors first; an empty list or warnings only means the set can be used. */
    public List<Problem> validate(RuleSet set) {
        List<Problem> problems = new ArrayList<>();
        if (!set.targets().containsKey(set.metroTarget())) {
            problems.add(Problem.setError("the metropolitan centre's target " + set.metroTarget()
                    + " does not exist: every route must end there"));
        }
        Map<String, List<Rule>> byName = set.rules().stream()
                .collect(Collectors.groupingBy(r -> r.name().trim().toLowerCase(), LinkedHashMap::new, Collectors.toList()));
        byName.values().stream().filter(l -> l.size() > 1).forEach(l -> problems.add(Problem.error(l.get(1),
                "name already used by " + l.get(0).label())));

        List<Rule> sound = new ArrayList<>();
        for (Rule rule : set.rules()) {
            int before = countErrors(problems);
            checkRule(set, rule, problems);
            if (countErrors(problems) == before && rule.enabled()) {
                sound.add(rule);
            }
        }
        checkTiesAndShadows(set, sound, problems);
        problems.sort(Comparator.comparing(Problem::severity));
        return List.copyOf(problems);
    }

    /** Only the errors of {@link #validate}; throws when there are any. */
    public List<Problem> requireValid(RuleSet set) {
        List<Problem> problems = validate(set);
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new InvalidRuleSetException(problems);
        }
        return problems;
    }

    private static int countErrors(List<Problem> problems) {
        return (int) problems.stream().filter(Problem::isError).count();
    }

    private static void checkRule(RuleSet set, Rule rule, List<Problem> problems) {
        if (rule.name().isBlank()) {
            problems.add(Problem.error(rule, "a rule needs a name"));
        }
        if (rule.priority() < 1 || rule.priority() > 5) {
            problems.add(Problem.error(rule, "priority " + rule.priority() + " is outside 1 (most urgent) … 5"));
        }
        rule.jurisdiction().filter(j -> !set.jurisdictions().contains(j)).ifPresent(j -> problems.add(
                Problem.error(rule, "unknown jurisdiction '" + j + "'; use one of " + sorted(set.jurisdictions()))));
        rule.emergencyType().filter(t -> !set.emergencyTypes().containsKey(t)).ifPresent(t -> problems.add(
                Problem.error(rule, "unknown emergency type '" + t + "'; use one of " + sorted(set.emergencyTypes().keySet()))));
        rule.district().ifPresent(d -> {
            String itsJurisdiction = set.districts().get(d);
            if (itsJurisdiction == null) {
                problems.add(Problem.error(rule, "unknown district '" + d + "' (expected a UBIGEO code such as 150101)"));
            } else if (rule.jurisdiction().isPresent() && !rule.jurisdiction().get().equals(itsJurisdiction)) {
                problems.add(Problem.error(rule, "district " + d + " is in " + itsJurisdiction
                        + ", not in jurisdiction " + rule.jurisdiction().get() + ": no call can match both"));
            }
        });
        checkSchedule(rule, problems);
        checkTargets(set, rule, problems);
    }

    private static void checkSchedule(Rule rule, List<Problem> problems) {
        Schedule s = rule.schedule();
        if (s.days().isPresent() && s.days().get().isEmpty()) {
            problems.add(Problem.error(rule, "days of week is empty: leave it unset for every day"));
        }
        if (s.from().isPresent() != s.to().isPresent()) {
            problems.add(Problem.error(rule, "time window needs both 'from' and 'to' (or neither)"));
            return;
        }
        if (s.from().isPresent()) {
            LocalTime from = s.from().get();
            LocalTime to = s.to().get();
            if (from.equals(to)) {
                problems.add(Problem.error(rule, "time window " + from + "–" + to
                        + " is empty: leave the window unset for the whole day"));
            }
            if (!wholeMinute(from) || !wholeMinute(to)) {
                problems.add(Problem.error(rule, "time window " + from + "–" + to + " must be in whole minutes"));
            }
        }
    }

    private static boolean wholeMinute(LocalTime t) {
        return t.getSecond() == 0 && t.getNano() == 0;
    }

    private static void checkTargets(RuleSet set, Rule rule, List<Problem> problems) {
        if (rule.targets().isEmpty()) {
            problems.add(Problem.error(rule, "the target list is empty: name at least one target"));
            return;
        }
        Set<TargetRef> seen = new HashSet<>();
        for (int i = 0; i < rule.targets().size(); i++) {
            RuleTarget step = rule.targets().get(i);
            String where = "step " + (i + 1) + " (" + step.target() + ")";
            if (!seen.add(step.target())) {
                problems.add(Problem.error(rule, where + " is listed twice"));
            }
            step.ringTimeoutSeconds().filter(t -> t < 5 || t > 600).ifPresent(t -> problems.add(
                    Problem.error(rule, where + ": ring timeout " + t + " s is outside 5 … 600 s")));
            if (step.target() instanceof TargetRef.Fixed(String code)) {
                Target target = set.targets().get(code);
                if (target == null) {
                    problems.add(Problem.error(rule, where + ": unknown target '" + code + "'"));
                } else if (code.equals(set.metroTarget()) && i != rule.targets().size() - 1) {
                    problems.add(Problem.error(rule, where + ": the metropolitan centre is always the last step;"
                            + " list it last or leave it out (it is added to every route)"));
                } else if (!target.enabled()) {
                    problems.add(Problem.warning(rule, where + ": target " + code
                            + " is disabled; calls skip it until it is enabled"));
                }
            }
        }
    }

    private record CriteriaKey(int weight, Optional<?> callerClass, Optional<String> district,
                               Optional<String> type, Optional<String> jurisdiction) {
    }

    private static void checkTiesAndShadows(RuleSet set, List<Rule> rules, List<Problem> problems) {
        if (rules.isEmpty()) {
            return;
        }
        MatchSpace space = new MatchSpace(set);
        List<MatchSpace.Box> boxes = rules.stream().map(space::box).toList();

        // Ties: equal weight means the same criteria are set; the rules overlap when every value is equal
        // and their schedules share a minute. Grouping by the values keeps this linear for large sets.
        Map<CriteriaKey, List<MatchSpace.Box>> groups = new HashMap<>();
        for (MatchSpace.Box b : boxes) {
            Rule r = b.rule();
            groups.computeIfAbsent(new CriteriaKey(b.weight(), r.callerClass(), r.district(), r.emergencyType(),
                    r.jurisdiction()), k -> new ArrayList<>()).add(b);
        }
        for (List<MatchSpace.Box> group : groups.values()) {
            for (int i = 0; i < group.size(); i++) {
                for (int j = i + 1; j < group.size(); j++) {
                    MatchSpace.Box a = group.get(i);
                    MatchSpace.Box b = group.get(j);
                    if (a.intersects(b)) {
                        problems.add(Problem.error(b.rule(), "ties with " + a.rule().label() + ": both set "
                                + Specificity.breakdown(b.weight()) + " and both match "
                                + space.example(a, b) + "; make one more specific or their criteria disjoint"));
                    }
                }
            }
        }

        // Shadows: a rule is unreachable when the more specific rules it overlaps cover all its calls.
        List<MatchSpace.Box> byWeight = new ArrayList<>(boxes);
        byWeight.sort(Comparator.comparingInt(MatchSpace.Box::weight).reversed());
        for (MatchSpace.Box r : boxes) {
            List<MatchSpace.Box> stronger = new ArrayList<>();
            for (MatchSpace.Box s : byWeight) {
                if (s.weight() <= r.weight()) {
                    break;
                }
                if (s.intersects(r)) {
                    stronger.add(s);
                }
            }
            if (MatchSpace.covered(r, stronger)) {
                String names = stronger.stream().limit(5).map(s -> s.rule().label()).collect(Collectors.joining(", "))
                        + (stronger.size() > 5 ? " and " + (stronger.size() - 5) + " more" : "");
                problems.add(Problem.error(r.rule(), "no call can reach it: every call it matches goes to more"
                        + " specific rules (" + names + "); narrow or delete it"));
            }
        }
    }

    private static String sorted(Set<String> codes) {
        return codes.stream().sorted().collect(Collectors.joining(", "));
    }
}
