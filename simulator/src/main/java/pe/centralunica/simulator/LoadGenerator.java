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

    /** Live traffic that runs until closed. */
    public interface Traffic extends AutoCloseable {
        long placed();

        @Override
        void close();
    }

    /**
     * Generates calls in the background until closed (the demo's live traffic); the profile's surges apply, its
     * duration does not.
     */
    public Traffic startInBackground() {
        java.util.concurrent.atomic.AtomicLong placed = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = Thread.ofVirtual().name("sim-traffic").start(() -> {
            long start = sim.simulatedMillis();
            double at = 0;
            while (!stop.get()) {
                at += -Math.log(1 - random.nextDouble()) / profile.rateAt((long) at) * 1000.0;
                CallScript script = mix.next(random);
                long wait = start + (long) at - sim.simulatedMillis();
                try {
                    if (wait > 0) Thread.sleep(java.time.Duration.ofNanos((long) (wait * 1_000_000.0 * sim.timeScale())));
                } catch (InterruptedException e) {
                    return;
                }
                if (stop.get()) return;
                sim.place(script);
                placed.incrementAndGet();
            }
        });
        return new Traffic() {
            @Override
            public long placed() {
                return placed.get();
            }

            @Override
            public void close() {
                stop.set(true);
                t.interrupt();
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
