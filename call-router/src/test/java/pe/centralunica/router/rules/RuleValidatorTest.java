package pe.centralunica.router.rules;

import org.junit.jupiter.api.Test;
import pe.centralunica.router.CallerClass;
import pe.centralunica.router.Fixtures;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pe.centralunica.router.Fixtures.MIRAFLORES;
import static pe.centralunica.router.Fixtures.rule;

class RuleValidatorTest {

    private final RuleValidator validator = new RuleValidator();

    private List<String> errors(RuleSet set) {
        return validator.validate(set).stream().filter(Problem::isError).map(Problem::message).toList();
    }

    private List<String> errorsWith(Rule... extra) {
        return errors(Fixtures.referencePlus(extra));
    }

    @Test
    void theReferenceRuleSetIsValid() {
        assertThat(validator.validate(Fixtures.reference())).isEmpty();
    }

    @Test
    void twoRulesWithTheSameCriteriaTie() {
        assertThat(errorsWith(rule(20, "Delito otra vez").type("CRIME").build())).singleElement().asString()
                .startsWith("#20 'Delito otra vez': ties with #5 'Delito: serenazgo y PNP'")
                .contains("both set 4 = type 4", "both match a NORMAL CRIME call from district 070101 on Mon 00:00");
    }

    @Test
    void rulesWithTheSameCriteriaButDisjointSchedulesDoNotTie() {
        assertThat(errorsWith(
                rule(20, "Semana").district(MIRAFLORES).days(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY).build(),
                rule(21, "Fin de semana").district(MIRAFLORES).days(SATURDAY, SUNDAY).build())).isEmpty();
    }

    @Test
    void overlappingSchedulesTieEvenWhenOneIsDaysAndTheOtherAWindow() {
        assertThat(errorsWith(
                rule(20, "Viernes").district(MIRAFLORES).days(FRIDAY).build(),
                rule(21, "Madrugada").district(MIRAFLORES).window("00:00", "06:00").build()))
                .singleElement().asString().contains("ties with #20", "on Fri 00:00");
    }

    @Test
    void fridayNightWindowOverlapsASaturdayMorningRule() {
        assertThat(errorsWith(
                rule(20, "Viernes noche").district(MIRAFLORES).days(FRIDAY).window("22:00", "06:00").build(),
                rule(21, "Sábado temprano").district(MIRAFLORES).days(SATURDAY).window("05:00", "09:00").build()))
                .singleElement().asString().contains("ties with #20", "on Sat 05:00");
    }

    @Test
    void disabledRulesNeverTie() {
        assertThat(errorsWith(rule(20, "Delito borrador").type("CRIME").disabled().build())).isEmpty();
    }

    @Test
    void ruleCoveredByMoreSpecificRulesTogetherIsUnreachable() {
        assertThat(errorsWith(
                rule(20, "Delito de día").type("CRIME").window("06:00", "22:00").build(),
                rule(21, "Delito de noche").type("CRIME").window("22:00", "06:00").build()))
                .singleElement().asString()
                .startsWith("#5 'Delito: serenazgo y PNP': no call can reach it")
                .contains("#20 'Delito de día'", "#21 'Delito de noche'");
    }

    @Test
    void ruleCoveredByAnEveryDayRuleIsUnreachable() {
        Rule everyDay = rule(20, "Todos los días").days(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY)
                .targets(RuleTarget.of("Q-METRO")).build();
        assertThat(errorsWith(everyDay)).singleElement().asString()
                .startsWith("#1 'Por defecto: central del distrito': no call can reach it");
    }

    @Test
    void districtRuleIsShadowedByTheSameDistrictWithItsOwnJurisdiction() {
        assertThat(errorsWith(
                rule(20, "Miraflores").district(MIRAFLORES).build(),
                rule(21, "Miraflores, Lima").district(MIRAFLORES).jurisdiction("LIMA").build()))
                .singleElement().asString().startsWith("#20 'Miraflores': no call can reach it");
    }

    @Test
    void ruleForTheLastCallerClassShadowsEveryRuleWithoutACallerClass() {
        // PANIC, SILENT and FLAGGED have rules already: a NORMAL rule leaves no call to the type rules
        List<String> errors = errorsWith(rule(20, "Normal").callerClass(CallerClass.NORMAL)
                .targets(RuleTarget.of("Q-METRO")).build());

        assertThat(errors).hasSize(7).allSatisfy(e -> assertThat(e).contains(": no call can reach it"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("#1 'Por defecto"))
                .anySatisfy(e -> assertThat(e).startsWith("#5 'Delito").contains("#20 'Normal'"));
    }

    @Test
    void shadowMessageNamesAtMostFiveCoveringRules() {
        Rule everyDay = rule(20, "Todos los días").days(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY)
                .targets(RuleTarget.of("Q-METRO")).build();
        assertThat(errorsWith(everyDay)).singleElement().asString()
                .contains("(#2 'Botón de pánico: serenazgo del distrito y PNP', #3 ", " and 5 more); narrow or delete it");
    }

    @Test
    void rulePartlyCoveredIsReachable() {
        assertThat(errorsWith(
                rule(20, "Delito Lima").type("CRIME").jurisdiction("LIMA").build(),
                rule(21, "Delito Callao").type("CRIME").jurisdiction("CALLAO").build())).isEmpty();
    }

    @Test
    void jurisdictionRulesCoveringEveryJurisdictionStillLeaveCallsWithNoLocation() {
        assertThat(errorsWith(
                rule(20, "Delito Lima").type("CRIME").jurisdiction("LIMA").build(),
                rule(21, "Delito Callao").type("CRIME").jurisdiction("CALLAO").build(),
                rule(22, "Delito Trujillo").type("CRIME").jurisdiction("TRUJILLO").build()))
                .as("a CRIME call with no known location still reaches #5").isEmpty();
    }

    @Test
    void districtOutsideTheRulesJurisdictionIsAnError() {
        assertThat(errorsWith(rule(20, "Mal").district(MIRAFLORES).jurisdiction("CALLAO").build()))
                .containsExactly("#20 'Mal': district 150122 is in LIMA, not in jurisdiction CALLAO: no call can match both");
    }

    @Test
    void unknownCodesAreErrors() {
        assertThat(errorsWith(rule(20, "Códigos").district("999999").type("ALIENS").jurisdiction("CUSCO")
                .targets(RuleTarget.of("Q-NOWHERE")).build()))
                .containsExactlyInAnyOrder(
                        "#20 'Códigos': unknown jurisdiction 'CUSCO'; use one of CALLAO, LIMA, TRUJILLO",
                        "#20 'Códigos': unknown emergency type 'ALIENS'; use one of CRIME, DOMESTIC_VIOLENCE, FIRE, MEDICAL, OTHER, PUBLIC_SERVICES, TRAFFIC, UNKNOWN",
                        "#20 'Códigos': unknown district '999999' (expected a UBIGEO code such as 150101)",
                        "#20 'Códigos': step 1 (Q-NOWHERE): unknown target 'Q-NOWHERE'");
    }

    @Test
    void badTimeWindowsAreErrors() {
        Rule empty = rule(20, "Vacía").district(MIRAFLORES).window("08:00", "08:00").build();
        Rule half = rule(21, "Media").district(Fixtures.CALLAO)
                .schedule(new Schedule(Optional.empty(), Optional.of(LocalTime.of(8, 0)), Optional.empty())).build();
        Rule seconds = rule(22, "Segundos").district(Fixtures.TRUJILLO).window("08:00:30", "09:00").build();
        Rule noDays = rule(23, "Sin días").district(Fixtures.LIMA_CERCADO)
                .schedule(new Schedule(Optional.of(java.util.Set.of()), Optional.empty(), Optional.empty())).build();

        assertThat(errorsWith(empty, half, seconds, noDays)).containsExactlyInAnyOrder(
                "#20 'Vacía': time window 08:00–08:00 is empty: leave the window unset for the whole day",
                "#21 'Media': time window needs both 'from' and 'to' (or neither)",
                "#22 'Segundos': time window 08:00:30–09:00 must be in whole minutes",
                "#23 'Sin días': days of week is empty: leave it unset for every day");
    }

    @Test
    void targetListProblemsAreErrors() {
        assertThat(errorsWith(
                rule(20, "Sin destinos").district(MIRAFLORES).targets().build(),
                rule(21, "Repetido").district(Fixtures.CALLAO).targets(RuleTarget.of("Q-PNP"), RuleTarget.of("Q-PNP")).build(),
                rule(22, "Centro primero").district(Fixtures.TRUJILLO)
                        .targets(RuleTarget.of("Q-METRO"), RuleTarget.of("Q-PNP")).build(),
                rule(23, "Tiempo").district(Fixtures.LIMA_CERCADO).targets(RuleTarget.of("Q-PNP", 2)).build()))
                .containsExactlyInAnyOrder(
                        "#20 'Sin destinos': the target list is empty: name at least one target",
                        "#21 'Repetido': step 2 (Q-PNP) is listed twice",
                        "#22 'Centro primero': step 1 (Q-METRO): the metropolitan centre is always the last step; list it last or leave it out (it is added to every route)",
                        "#23 'Tiempo': step 1 (Q-PNP): ring timeout 2 s is outside 5 … 600 s");
    }

    @Test
    void priorityAndNameProblemsAreErrors() {
        assertThat(errorsWith(
                rule(20, "Delito: serenazgo y PNP").district(MIRAFLORES).build(),
                rule(21, " ").district(Fixtures.CALLAO).priority(0).build()))
                .containsExactlyInAnyOrder(
                        "#20 'Delito: serenazgo y PNP': name already used by #5 'Delito: serenazgo y PNP'",
                        "#21 ' ': a rule needs a name",
                        "#21 ' ': priority 0 is outside 1 (most urgent) … 5");
    }

    @Test
    void missingMetropolitanCentreIsAnErrorOfTheWholeSet() {
        RuleSet set = Fixtures.reference();
        var targets = new java.util.HashMap<>(set.targets());
        targets.remove("Q-METRO");
        RuleSet noMetro = new RuleSet(1, List.of(rule(6, "Incendio").type("FIRE").targets(RuleTarget.of("Q-CGBVP")).build()),
                targets, set.districts(), set.jurisdictions(), set.emergencyTypes(), set.metroTarget());

        assertThat(validator.validate(noMetro)).extracting(Problem::ruleId, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(-1L,
                        "the metropolitan centre's target Q-METRO does not exist: every route must end there"));
    }

    @Test
    void requireValidThrowsWithEveryProblem() {
        assertThatThrownBy(() -> validator.requireValid(Fixtures.referencePlus(rule(20, "Delito 2").type("CRIME").build())))
                .isInstanceOfSatisfying(InvalidRuleSetException.class, e -> assertThat(e.problems()).hasSize(1));
    }

    @Test
    void fiveThousandDistinctRulesValidate() {
        assertThat(validator.validate(LargeRuleSets.rules(5_000))).filteredOn(Problem::isError).isEmpty();
    }

    @Test
    void allDaysListedMatchesTheSameMinutesAsNoDays() {
        Schedule all = Schedule.days(DayOfWeek.MONDAY, DayOfWeek.values());
        assertThat(all.minutes()).isEqualTo(Schedule.ALWAYS.minutes());
        assertThat(all.minutes().cardinality()).isEqualTo(Schedule.MINUTES_PER_WEEK);
    }
}
