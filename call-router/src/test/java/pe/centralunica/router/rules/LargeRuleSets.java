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
 * (caller class, emergency type, district) with up to six schedules each — always, and five disjoint
 * windows (weekdays/weekends 08:00–20:00, weekdays/weekends 20:00–23:00, weekdays 00:00–06:00) that
 * together never cover the week — so none tie and none is shadowed (at most 11,712 rules).
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
                window(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), 8, 20),
                window(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 20, 23),
                window(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), 20, 23),
                window(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 0, 6)};
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

    private static Schedule window(EnumSet<DayOfWeek> days, int fromHour, int toHour) {
        return new Schedule(Optional.of(days), Optional.of(LocalTime.of(fromHour, 0)), Optional.of(LocalTime.of(toHour, 0)));
    }
}
