package pe.centralunica.router.rules;

import pe.centralunica.router.CallerClass;
import pe.centralunica.router.Fixtures;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Large valid rule sets for tests and the benchmark: the reference rules plus rules for every
 * (caller class, emergency type, district) with three schedules each — always, weekdays 08:00–20:00,
 * weekends 08:00–20:00 — so none tie and none is shadowed.
 */
public final class LargeRuleSets {

    private LargeRuleSets() {
    }

    public static RuleSet rules(int extra) {
        List<Rule> rules = new ArrayList<>(Fixtures.referenceRules());
        List<String> districts = new ArrayList<>(new TreeSet<>(Fixtures.districts().keySet()));
        List<String> types = new ArrayList<>(new TreeSet<>(Fixtures.emergencyTypes().keySet()));
        Schedule[] schedules = {
                Schedule.ALWAYS,
                new Schedule(Optional.of(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)),
                        Optional.of(LocalTime.of(8, 0)), Optional.of(LocalTime.of(20, 0))),
                new Schedule(Optional.of(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)),
                        Optional.of(LocalTime.of(8, 0)), Optional.of(LocalTime.of(20, 0)))};
        long id = 100;
        outer:
        for (CallerClass c : CallerClass.values()) {
            for (String type : types) {
                for (String district : districts) {
                    for (Schedule schedule : schedules) {
                        if (rules.size() - Fixtures.referenceRules().size() >= extra) {
                            break outer;
                        }
                        rules.add(new Rule(id, "r" + id, Optional.empty(), Optional.of(district), Optional.of(type),
                                Optional.of(c), schedule, 1 + (int) (id % 5), true, 1,
                                List.of(RuleTarget.districtCentral(), RuleTarget.of("Q-PNP"))));
                        id++;
                    }
                }
            }
        }
        if (rules.size() - Fixtures.referenceRules().size() < extra) {
            throw new IllegalArgumentException("at most " + (id - 100) + " distinct rules");
        }
        return Fixtures.set(2, rules);
    }
}
