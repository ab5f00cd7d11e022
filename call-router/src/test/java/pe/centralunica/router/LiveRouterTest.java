package pe.centralunica.router;

import org.junit.jupiter.api.Test;
import pe.centralunica.router.rules.RuleTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static pe.centralunica.router.Fixtures.MIRAFLORES;
import static pe.centralunica.router.Fixtures.call;
import static pe.centralunica.router.Fixtures.rule;

class LiveRouterTest {

    /** Version 1 sends CRIME to the PNP desk (rule 101); version 2 to the PNP trunk (rule 102). */
    private static final RoutingTable OLD = RoutingTable.compile(Fixtures.set(1, List.of(
            rule(101, "Delito: PNP").type("CRIME").targets(RuleTarget.of("Q-PNP")).build())));
    private static final RoutingTable NEW = RoutingTable.compile(Fixtures.set(2, List.of(
            rule(102, "Delito: troncal PNP").type("CRIME").targets(RuleTarget.of("T-PNP"), RuleTarget.of("Q-SAMU")).build())));

    @Test
    void everyDecisionComesWhollyFromTheOldOrTheNewTableWhileTablesAreSwapped() throws Exception {
        LiveRouter router = new LiveRouter(OLD, new AvailabilityBoard());
        int deciders = 4;
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder decisions = new LongAdder();
        CountDownLatch started = new CountDownLatch(deciders);
        List<Future<int[]>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(deciders + 1)) {
            for (int t = 0; t < deciders; t++) {
                results.add(pool.submit(() -> {
                    int[] seen = new int[3]; // [old, new, inconsistent]
                    started.countDown();
                    CallFacts facts = call("CRIME", MIRAFLORES);
                    while (!stop.get()) {
                        RouteDecision d = router.decide(facts);
                        decisions.increment();
                        List<String> steps = d.steps().stream().map(RouteStep::targetCode).toList();
                        if (d.tableVersion() == 1 && d.ruleId() == 101 && steps.equals(List.of("Q-PNP", "Q-METRO"))) {
                            seen[0]++;
                        } else if (d.tableVersion() == 2 && d.ruleId() == 102
                                && steps.equals(List.of("T-PNP", "Q-SAMU", "Q-METRO"))) {
                            seen[1]++;
                        } else {
                            seen[2]++;
                        }
                    }
                    return seen;
                }));
            }
            started.await();
            // keep swapping until the deciders have made many decisions, so swaps and decisions interleave
            for (int swap = 0; decisions.sum() < 50_000; swap++) {
                router.install(swap % 2 == 0 ? NEW : OLD);
            }
            router.install(NEW);
            // let every decider observe the final table at least once before stopping
            RouteDecision last = router.decide(call("CRIME", MIRAFLORES));
            stop.set(true);
            assertThat(last.tableVersion()).isEqualTo(2);
            int old = 0, young = 0, broken = 0;
            for (Future<int[]> f : results) {
                int[] seen = f.get();
                old += seen[0];
                young += seen[1];
                broken += seen[2];
            }
            assertThat(broken).as("decisions mixing the two tables").isZero();
            assertThat(old).as("decisions from the old table").isPositive();
            assertThat(young).as("decisions from the new table").isPositive();
        }
    }

    @Test
    void dryRunDecidesOnACandidateWithoutInstallingIt() {
        LiveRouter router = new LiveRouter(OLD, new AvailabilityBoard());

        RouteDecision preview = router.dryRun(NEW, call("CRIME", MIRAFLORES));

        assertThat(preview.ruleId()).isEqualTo(102);
        assertThat(router.decide(call("CRIME", MIRAFLORES)).ruleId()).isEqualTo(101);
        assertThat(router.current()).isSameAs(OLD);
    }

    @Test
    void downReasonIsVisibleThroughTheRouterForRouteNext() {
        AvailabilityBoard board = new AvailabilityBoard();
        Router router = new LiveRouter(OLD, board);

        board.markDown("T-PNP", "trunk unreachable (OPTIONS timeout)");

        assertThat(router.downReason("T-PNP")).contains("trunk unreachable (OPTIONS timeout)");
        assertThat(router.downReason("Q-PNP")).isEmpty();
        board.markUp("T-PNP");
        assertThat(router.downReason("T-PNP")).isEmpty();
    }
}
