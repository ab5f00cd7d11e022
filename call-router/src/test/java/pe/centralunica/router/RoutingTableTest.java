package pe.centralunica.router;

import org.junit.jupiter.api.Test;
import pe.centralunica.router.rules.InvalidRuleSetException;
import pe.centralunica.router.rules.RuleTarget;
import pe.centralunica.router.rules.Target;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pe.centralunica.router.Fixtures.CALLAO;
import static pe.centralunica.router.Fixtures.MIRAFLORES;
import static pe.centralunica.router.Fixtures.NO_QUEUE_DISTRICT;
import static pe.centralunica.router.Fixtures.call;
import static pe.centralunica.router.Fixtures.rule;

class RoutingTableTest {

    private final AvailabilityBoard board = new AvailabilityBoard();
    private final RoutingTable reference = RoutingTable.compile(Fixtures.reference());

    private static java.util.List<String> codes(RouteDecision d) {
        return d.steps().stream().map(RouteStep::targetCode).toList();
    }

    @Test
    void crimeCallGoesToTheDistrictCentralThenPoliceThenTheMetropolitanCentre() {
        RouteDecision d = reference.decide(call("CRIME", MIRAFLORES), board);

        assertThat(d.ruleId()).isEqualTo(5);
        assertThat(d.priority()).isEqualTo(2);
        assertThat(d.queuePriority()).isEqualTo(4);
        assertThat(d.steps()).containsExactly(
                new RouteStep("Q-SER-150122", RouteStep.Kind.QUEUE, "ser-150122", 20),
                new RouteStep("Q-PNP", RouteStep.Kind.QUEUE, "desk-pnp", 25),
                new RouteStep("T-PNP", RouteStep.Kind.DIAL, "PJSIP/105@trunk-pnp", 30),
                new RouteStep("Q-METRO", RouteStep.Kind.QUEUE, "cic-sc", 60));
        assertThat(d.skipped()).isEmpty();
    }

    @Test
    void callerClassOutweighsEmergencyTypeAndTheStepOverridesTheTargetsTimeout() {
        RouteDecision d = reference.decide(call("CRIME", MIRAFLORES, CallerClass.PANIC), board);

        assertThat(d.ruleId()).isEqualTo(2);
        assertThat(d.priority()).isEqualTo(1);
        assertThat(d.steps()).extracting(RouteStep::targetCode, RouteStep::ringTimeoutSeconds).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Q-SER-150122", 20),
                org.assertj.core.groups.Tuple.tuple("Q-PNP", 25),
                org.assertj.core.groups.Tuple.tuple("Q-METRO", 60));
    }

    @Test
    void districtRuleOutweighsTypeRuleAndTypeAndDistrictOutweighsBoth() {
        RoutingTable table = RoutingTable.compile(Fixtures.referencePlus(
                rule(20, "Miraflores: su central").district(MIRAFLORES).targets(RuleTarget.of("Q-SER-150122")).build(),
                rule(21, "Miraflores incendio").district(MIRAFLORES).type("FIRE").targets(RuleTarget.of("T-CGBVP")).build()));

        assertThat(table.decide(call("CRIME", MIRAFLORES), board).ruleId()).isEqualTo(20);
        assertThat(table.decide(call("FIRE", MIRAFLORES), board).ruleId()).isEqualTo(21);
        assertThat(table.decide(call("FIRE", Fixtures.LIMA_CERCADO), board).ruleId()).isEqualTo(6);
        assertThat(table.decide(call("FIRE", MIRAFLORES, CallerClass.FLAGGED), board).ruleId()).isEqualTo(4);
    }

    @Test
    void jurisdictionRuleAppliesToEveryDistrictOfItAndToCallsWithOnlyTheJurisdictionKnown() {
        RoutingTable table = RoutingTable.compile(Fixtures.referencePlus(
                rule(20, "Callao: delito a la PNP").jurisdiction("CALLAO").type("CRIME").targets(RuleTarget.of("T-PNP")).build()));

        assertThat(table.decide(call("CRIME", CALLAO), board).ruleId()).isEqualTo(20);
        CallFacts onlyJurisdiction = new CallFacts(Optional.of("CALLAO"), Optional.empty(), "CRIME", CallerClass.NORMAL,
                Fixtures.lima(java.time.DayOfWeek.MONDAY, 9, 0));
        assertThat(table.decide(onlyJurisdiction, board).ruleId()).isEqualTo(20);
        // the district decides the jurisdiction when both are given and disagree
        CallFacts contradictory = new CallFacts(Optional.of("CALLAO"), Optional.of(MIRAFLORES), "CRIME",
                CallerClass.NORMAL, Fixtures.lima(java.time.DayOfWeek.MONDAY, 9, 0));
        assertThat(table.decide(contradictory, board).ruleId()).isEqualTo(5);
    }

    @Test
    void unknownDistrictSkipsTheDistrictCentralAndSaysWhy() {
        RouteDecision d = reference.decide(call("CRIME", null), board);

        assertThat(codes(d)).containsExactly("Q-PNP", "T-PNP", "Q-METRO");
        assertThat(d.skipped()).containsExactly(new RouteDecision.Skipped("DISTRICT_CENTRAL",
                "the call's district is unknown, so it has no district central"));
        assertThat(d.explanation()).startsWith("NORMAL CRIME call from an unknown place on Wed 12:00: rule #5")
                .contains("DISTRICT_CENTRAL (the call's district is unknown");
    }

    @Test
    void districtWithoutASerenazgoQueueIsSkipped() {
        RouteDecision d = reference.decide(call("UNKNOWN", NO_QUEUE_DISTRICT), board);

        assertThat(d.ruleId()).isEqualTo(1);
        assertThat(codes(d)).containsExactly("Q-METRO");
        assertThat(d.skipped()).extracting(RouteDecision.Skipped::targetCode).containsExactly("Q-SER-150143");
    }

    @Test
    void targetMarkedDownIsSkippedUntilMarkedUp() {
        board.markDown("Q-PNP", "no agents logged in");

        RouteDecision whileDown = reference.decide(call("CRIME", MIRAFLORES), board);
        assertThat(codes(whileDown)).containsExactly("Q-SER-150122", "T-PNP", "Q-METRO");
        assertThat(whileDown.skipped()).containsExactly(new RouteDecision.Skipped("Q-PNP", "down: no agents logged in"));
        assertThat(whileDown.explanation()).contains("Q-PNP (down: no agents logged in)");

        board.markUp("Q-PNP");
        assertThat(codes(reference.decide(call("CRIME", MIRAFLORES), board)))
                .containsExactly("Q-SER-150122", "Q-PNP", "T-PNP", "Q-METRO");
    }

    @Test
    void theMetropolitanCentreIsKeptAsLastResortEvenWhenMarkedDown() {
        board.markDown("Q-METRO", "no agents logged in");
        board.markDown("Q-SER-150122", "no agents logged in");

        RouteDecision d = reference.decide(call("UNKNOWN", MIRAFLORES), board);

        assertThat(codes(d)).containsExactly("Q-METRO");
        assertThat(d.explanation()).contains("Q-METRO is marked down (no agents logged in) but is kept");
    }

    @Test
    void metropolitanCentreListedByTheRuleIsNotRepeatedAndKeepsTheStepTimeout() {
        RoutingTable table = RoutingTable.compile(Fixtures.referencePlus(
                rule(20, "Trujillo: PNP y luego centro").jurisdiction("TRUJILLO")
                        .targets(RuleTarget.of("Q-PNP"), RuleTarget.of("Q-METRO", 90)).build()));

        RouteDecision d = table.decide(call("OTHER", Fixtures.TRUJILLO), board);
        assertThat(d.steps()).extracting(RouteStep::targetCode, RouteStep::ringTimeoutSeconds).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Q-PNP", 25), org.assertj.core.groups.Tuple.tuple("Q-METRO", 90));

        RouteDecision silent = table.decide(call("CRIME", MIRAFLORES, CallerClass.SILENT), board);
        assertThat(codes(silent)).containsExactly("Q-METRO");
    }

    @Test
    void everyDecisionEndsAtTheMetropolitanCentreExactlyOnce() {
        for (CallerClass c : CallerClass.values()) {
            for (String type : Fixtures.emergencyTypes().keySet()) {
                for (String district : new String[]{MIRAFLORES, CALLAO, NO_QUEUE_DISTRICT, null}) {
                    RouteDecision d = reference.decide(call(type, district, c), board);
                    assertThat(codes(d)).last().isEqualTo("Q-METRO");
                    assertThat(codes(d)).filteredOn("Q-METRO"::equals).hasSize(1);
                    assertThat(codes(d)).doesNotHaveDuplicates();
                }
            }
        }
    }

    @Test
    void disabledTargetIsSkippedAndTheTableWarnsAboutIt() {
        Map<String, Target> targets = new HashMap<>(Fixtures.targets());
        targets.put("T-PNP", new Target("T-PNP", Target.Kind.TRUNK, "trunk-pnp", Optional.of("105"), 30, false));
        var set = Fixtures.reference();
        var withDisabled = new pe.centralunica.router.rules.RuleSet(1, set.rules(), targets, set.districts(),
                set.jurisdictions(), set.emergencyTypes(), set.metroTarget());

        RoutingTable table = RoutingTable.compile(withDisabled);
        RouteDecision d = table.decide(call("CRIME", MIRAFLORES), board);

        assertThat(codes(d)).containsExactly("Q-SER-150122", "Q-PNP", "Q-METRO");
        assertThat(d.skipped()).containsExactly(new RouteDecision.Skipped("T-PNP", "disabled"));
        assertThat(table.warnings()).singleElement().extracting(p -> p.message()).asString()
                .contains("#5", "T-PNP is disabled");
    }

    @Test
    void noMatchingRuleSendsTheCallToTheMetropolitanCentreAtTheTypesDefaultPriority() {
        RoutingTable onlyFire = RoutingTable.compile(Fixtures.set(3, java.util.List.of(
                rule(6, "Incendio").type("FIRE").priority(1).targets(RuleTarget.of("Q-CGBVP")).build())));

        RouteDecision d = onlyFire.decide(call("OTHER", MIRAFLORES), board);

        assertThat(d.ruleId()).isZero();
        assertThat(d.priority()).isEqualTo(4);
        assertThat(codes(d)).containsExactly("Q-METRO");
        assertThat(d.explanation()).isEqualTo("NORMAL OTHER call from district 150122 (LIMA) on Wed 12:00: no rule"
                + " matched; the metropolitan centre takes the call at the type's default priority 4. Table version 3.");
    }

    @Test
    void explanationNamesTheWinnerItsCriteriaSpecificityAndTheLessSpecificRulesThatAlsoMatched() {
        RoutingTable table = RoutingTable.compile(Fixtures.referencePlus(
                rule(20, "Miraflores delito").district(MIRAFLORES).type("CRIME").targets(RuleTarget.of("Q-PNP")).build()));

        String why = table.decide(call("CRIME", MIRAFLORES), board).explanation();

        assertThat(why).startsWith("NORMAL CRIME call from district 150122 (LIMA) on Wed 12:00: "
                        + "rule #20 'Miraflores delito' (priority 3) matched on district 150122, emergency type CRIME")
                .contains("specificity 12 = district 8 + type 4")
                .contains("also matched, less specific: #5 'Delito: serenazgo y PNP' (4), #1 'Por defecto: central del distrito' (0)")
                .contains("Steps: Q-PNP 25 s, Q-METRO 60 s")
                .endsWith("Table version 1.");
    }

    @Test
    void aRuleSetWithErrorsDoesNotCompile() {
        assertThatThrownBy(() -> RoutingTable.compile(Fixtures.referencePlus(
                rule(20, "Otra regla de delito").type("CRIME").build())))
                .isInstanceOf(InvalidRuleSetException.class)
                .hasMessageContaining("ties with #5");
    }

    @Test
    void districtCentralThatResolvesToAnEarlierStepIsNotRungTwice() {
        RoutingTable table = RoutingTable.compile(Fixtures.referencePlus(
                rule(20, "Miraflores: su central, luego la del distrito").district(MIRAFLORES)
                        .targets(RuleTarget.of("Q-SER-150122"), RuleTarget.districtCentral(), RuleTarget.of("Q-PNP")).build()));

        RouteDecision d = table.decide(call("OTHER", MIRAFLORES), board);

        assertThat(codes(d)).containsExactly("Q-SER-150122", "Q-PNP", "Q-METRO");
        assertThat(d.skipped()).containsExactly(new RouteDecision.Skipped("Q-SER-150122", "already an earlier step"));
    }

    @Test
    void endpointTargetIsDialledDirectly() {
        Map<String, Target> targets = new HashMap<>(Fixtures.targets());
        targets.put("E-CAMARA", new Target("E-CAMARA", Target.Kind.ENDPOINT, "desk-camaras", Optional.empty(), 15, true));
        var set = Fixtures.referencePlus(rule(20, "Pánico en Miraflores").callerClass(CallerClass.PANIC)
                .district(MIRAFLORES).targets(RuleTarget.of("E-CAMARA")).build());
        var withEndpoint = new pe.centralunica.router.rules.RuleSet(1, set.rules(), targets, set.districts(),
                set.jurisdictions(), set.emergencyTypes(), set.metroTarget());

        RouteDecision d = RoutingTable.compile(withEndpoint).decide(call("CRIME", MIRAFLORES, CallerClass.PANIC), board);

        assertThat(d.steps().getFirst()).isEqualTo(new RouteStep("E-CAMARA", RouteStep.Kind.DIAL, "PJSIP/desk-camaras", 15));
    }

    @Test
    void lastResortTableSendsEveryCallToTheMetropolitanCentre() {
        RouteDecision d = RoutingTable.lastResortOnly().decide(call("FIRE", MIRAFLORES, CallerClass.PANIC), board);

        assertThat(d.steps()).containsExactly(new RouteStep("Q-METRO", RouteStep.Kind.QUEUE, "cic-sc", 60));
        assertThat(d.tableVersion()).isZero();
    }
}
