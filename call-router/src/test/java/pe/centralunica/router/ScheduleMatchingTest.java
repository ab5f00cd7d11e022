package pe.centralunica.router;

import org.junit.jupiter.api.Test;
import pe.centralunica.router.rules.RuleTarget;

import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static pe.centralunica.router.Fixtures.MIRAFLORES;
import static pe.centralunica.router.Fixtures.call;
import static pe.centralunica.router.Fixtures.lima;
import static pe.centralunica.router.Fixtures.rule;

class ScheduleMatchingTest {

    private final AvailabilityBoard board = new AvailabilityBoard();

    private long ruleAt(RoutingTable table, ZonedDateTime at) {
        return table.decide(call("CRIME", MIRAFLORES, at), board).ruleId();
    }

    @Test
    void nightWindowWrappingMidnightCoversLateEveningAndEarlyMorningOnly() {
        RoutingTable table = RoutingTable.compile(Fixtures.referencePlus(
                rule(20, "Noche: PNP primero").type("CRIME").window("22:00", "06:00").targets(RuleTarget.of("Q-PNP")).build()));

        assertThat(ruleAt(table, lima(MONDAY, 22, 0))).isEqualTo(20);
        assertThat(ruleAt(table, lima(MONDAY, 23, 59))).isEqualTo(20);
        assertThat(ruleAt(table, lima(MONDAY, 0, 0))).isEqualTo(20);
        assertThat(ruleAt(table, lima(MONDAY, 5, 59))).isEqualTo(20);
        assertThat(ruleAt(table, lima(MONDAY, 6, 0))).isEqualTo(5);
        assertThat(ruleAt(table, lima(MONDAY, 21, 59))).isEqualTo(5);
    }

    @Test
    void wrappedWindowBelongsToTheDayItStartsOn() {
        RoutingTable table = RoutingTable.compile(Fixtures.referencePlus(
                rule(20, "Viernes de noche").type("CRIME").days(FRIDAY).window("22:00", "06:00")
                        .targets(RuleTarget.of("Q-PNP")).build()));

        assertThat(ruleAt(table, lima(FRIDAY, 23, 0))).isEqualTo(20);
        assertThat(ruleAt(table, lima(SATURDAY, 2, 0))).isEqualTo(20);
        assertThat(ruleAt(table, lima(FRIDAY, 2, 0))).as("Thursday night's window is not Friday's").isEqualTo(5);
        assertThat(ruleAt(table, lima(SATURDAY, 23, 0))).isEqualTo(5);
    }

    @Test
    void sundayNightWindowWrapsIntoMondayMorning() {
        RoutingTable table = RoutingTable.compile(Fixtures.referencePlus(
                rule(20, "Domingo de noche").type("CRIME").days(SUNDAY).window("20:00", "04:00")
                        .targets(RuleTarget.of("Q-PNP")).build()));

        assertThat(ruleAt(table, lima(SUNDAY, 21, 0))).isEqualTo(20);
        assertThat(ruleAt(table, lima(MONDAY, 3, 59))).isEqualTo(20);
        assertThat(ruleAt(table, lima(MONDAY, 4, 0))).isEqualTo(5);
        assertThat(ruleAt(table, lima(SUNDAY, 3, 0))).isEqualTo(5);
    }

    @Test
    void daysWithoutWindowCoverWholeDays() {
        RoutingTable table = RoutingTable.compile(Fixtures.referencePlus(
                rule(20, "Fin de semana").type("CRIME").days(SATURDAY, SUNDAY).targets(RuleTarget.of("Q-PNP")).build()));

        assertThat(ruleAt(table, lima(SATURDAY, 0, 0))).isEqualTo(20);
        assertThat(ruleAt(table, lima(SUNDAY, 23, 59))).isEqualTo(20);
        assertThat(ruleAt(table, lima(MONDAY, 0, 0))).isEqualTo(5);
        assertThat(ruleAt(table, lima(FRIDAY, 23, 59))).isEqualTo(5);
    }

    @Test
    void windowIsReadInLimaTimeWhateverTheZoneOfTheCall() {
        RoutingTable table = RoutingTable.compile(Fixtures.referencePlus(
                rule(20, "Noche").type("CRIME").days(DayOfWeek.TUESDAY).window("22:00", "23:00")
                        .targets(RuleTarget.of("Q-PNP")).build()));

        // Wednesday 03:30 UTC is Tuesday 22:30 in Lima (UTC-5)
        ZonedDateTime utc = lima(DayOfWeek.WEDNESDAY, 3, 30).withZoneSameLocal(ZoneOffset.UTC);
        assertThat(ruleAt(table, utc)).isEqualTo(20);
    }

    @Test
    void dayShiftAndNightShiftRulesWithTheSameCriteriaSplitTheDay() {
        RoutingTable table = RoutingTable.compile(Fixtures.referencePlus(
                rule(20, "Día").district(MIRAFLORES).type("CRIME").window("06:00", "22:00").targets(RuleTarget.of("Q-SER-150122")).build(),
                rule(21, "Noche").district(MIRAFLORES).type("CRIME").window("22:00", "06:00").targets(RuleTarget.of("Q-PNP")).build()));

        assertThat(ruleAt(table, lima(MONDAY, 12, 0))).isEqualTo(20);
        assertThat(ruleAt(table, lima(MONDAY, 22, 0))).isEqualTo(21);
    }
}
