package pe.centralunica.router.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.CallFacts;
import pe.centralunica.router.Fixtures;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.RouteDecision;
import pe.centralunica.router.RoutingTable;
import pe.centralunica.router.rules.LargeRuleSets;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH: one routing decision (explanation included) on the reference rules and on 10,000 rules, sampled per
 * call so the report carries percentiles (p0.99 is the figure). Run (call-router/README.md):
 * {@code java -cp … org.openjdk.jmh.Main RouterJmh}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouterJmh {

    @Param({"reference", "10000"})
    public String rules;

    private LiveRouter router;
    private CallFacts[] calls;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        RoutingTable table = RoutingTable.compile("reference".equals(rules) ? Fixtures.reference()
                : LargeRuleSets.rules(Integer.parseInt(rules)));
        AvailabilityBoard board = new AvailabilityBoard();
        board.markDown("T-PNP", "benchmark: trunk down");
        router = new LiveRouter(table, board);
        calls = RouterBench.calls(4096, new SplittableRandom(42));
    }

    @Benchmark
    public RouteDecision decide() {
        CallFacts c = calls[next++ & (calls.length - 1)];
        return router.decide(c);
    }
}
