package pe.centralunica.app.realasterisk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import pe.centralunica.sipconfig.asterisk.ContractDialplan;

/** The cost bench rewrites the contract's cu-triage: a dialplan change that breaks the rewrite fails here, not in a bench run. */
class CostPerCallBenchDialplanTest {

    @Test
    void theBenchTimesTheContractsTriageAndEndsEveryWayOutOfItInsteadOfQueueing() {
        String contract = ContractDialplan.fromClasspath().require("cu-triage").text() + "\n[cu-route]\nexten => s,1,Queue(x)\n";

        String timed = CostPerCallBench.timedTriage(contract);

        String triage = timed.substring(0, timed.indexOf("\n[cu-route]"));
        assertThat(triage).contains("Set(CU_BENCH_T0=").doesNotContain("cu-route,s,1").contains("cu-bench-done,s,1");
        assertThat(triage.indexOf("CU_BENCH_T0")).as("timed from before the first node is tried")
                .isLessThan(triage.indexOf("/triage,"));
        assertThat(timed).as("other contexts untouched").endsWith("[cu-route]\nexten => s,1,Queue(x)\n");
    }
}
