package pe.centralunica.router.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A complete rule set with the reference data needed to validate and compile it, read in one snapshot.
 *
 * @param version        routing version of the snapshot (routing_state.version)
 * @param districts      district UBIGEO → its jurisdiction
 * @param emergencyTypes emergency type code → its default priority (used when no rule matches)
 * @param metroTarget    code of the metropolitan centre's target, the last step of every route
 */
public record RuleSet(long version, List<Rule> rules, Map<String, Target> targets, Map<String, String> districts,
                      Set<String> jurisdictions, Map<String, Integer> emergencyTypes, String metroTarget) {

    /** The metropolitan centre's queue (cic-sc) in the reference data. */
    public static final String METRO = "Q-METRO";

    public RuleSet {
        rules = List.copyOf(rules);
        targets = Map.copyOf(targets);
        districts = Map.copyOf(districts);
        jurisdictions = Set.copyOf(jurisdictions);
        emergencyTypes = Map.copyOf(emergencyTypes);
        Objects.requireNonNull(metroTarget, "metroTarget");
    }

    public Optional<Rule> rule(long id) {
        return rules.stream().filter(r -> r.id() == id).findFirst();
    }

    /** This set with {@code rule} replacing the rule of the same id, or added when its id is new. */
    public RuleSet with(Rule rule) {
        List<Rule> out = new ArrayList<>(rules.size() + 1);
        boolean replaced = false;
        for (Rule r : rules) {
            if (r.id() == rule.id() && rule.id() != Rule.NEW_ID) {
                out.add(rule);
                replaced = true;
            } else {
                out.add(r);
            }
        }
        if (!replaced) {
            out.add(rule);
        }
        return new RuleSet(version, out, targets, districts, jurisdictions, emergencyTypes, metroTarget);
    }

    public RuleSet without(long ruleId) {
        return new RuleSet(version, rules.stream().filter(r -> r.id() != ruleId).toList(), targets, districts,
                jurisdictions, emergencyTypes, metroTarget);
    }

    public RuleSet withVersion(long newVersion) {
        return new RuleSet(newVersion, rules, targets, districts, jurisdictions, emergencyTypes, metroTarget);
    }
}
