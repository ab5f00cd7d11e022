package pe.centralunica.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Places calls on a simulator following a {@link LoadProfile}: Poisson arrivals in simulated time on an
 * absolute schedule (no drift), callers drawn from {@link CallMix}. Same seed, same calls.
 */
public final class LoadGenerator {
    private final SimulatedAsterisk sim;
    private final LoadProfile profile;
    private final Random random;
    private final CallMix mix;

    public LoadGenerator(SimulatedAsterisk sim, LoadProfile profile, long seed) {
        this.sim = sim;
        this.profile = profile;
        this.random = new Random(seed);
        this.mix = new CallMix(profile);
    }

    /** Places every call of the run, waits (up to {@code drainSeconds} real) for them to end, returns the figures. */
    public RunSummary run(long drainSeconds) throws InterruptedException {
        List<CompletableFuture<CallOutcome>> calls = new ArrayList<>();
        long start = sim.simulatedMillis();
        double t = 0;
        long end = profile.duration().toMillis();
        while (true) {
            double rate = profile.rateAt((long) t);
            t += -Math.log(1 - random.nextDouble()) / rate * 1000.0;
            if (t >= end) break;
            CallScript script = mix.next(random);
            long due = start + (long) t;
            long wait = due - sim.simulatedMillis();
            if (wait > 0) Thread.sleep(java.time.Duration.ofNanos((long) (wait * 1_000_000.0 * sim.timeScale())));
            calls.add(sim.place(script));
        }
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(drainSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // summary tells what did not finish
        }
        return sim.summary();
    }
}
