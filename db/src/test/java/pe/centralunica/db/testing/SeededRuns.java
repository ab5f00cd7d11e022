package pe.centralunica.db.testing;

import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Runs a randomized check over many inputs, each built from its own seed, the seeds drawn from one master seed.
 * The master seed is fixed by default and printed, so every run checks the same inputs and a failure can be
 * repeated; the failure names the seed of the input that broke, and that input can be replayed alone.
 * System properties, all optional: {@code fuzz.seed} (the master seed, or {@code random} for a fresh one),
 * {@code fuzz.tries} (how many inputs instead of the test's own count), {@code fuzz.replay} (only this seed).
 *
 * @param masterSeed where the inputs' seeds come from
 * @param tries      how many inputs
 * @param replay     a single input seed to run instead of the master seed's series
 */
public record SeededRuns(long masterSeed, long tries, OptionalLong replay) {

    /** The default master seed: any fixed number does; this one is the day the runner was written. */
    public static final long DEFAULT_MASTER_SEED = 20_261_207L;

    /** One input's check: builds the input from the seed and asserts on it. */
    @FunctionalInterface
    public interface Check {
        void accept(long seed) throws Exception;
    }

    /** The runs a test asked for ({@code defaultTries} inputs), as changed by the system properties above. */
    public static SeededRuns fromSystemProperties(long defaultTries) {
        String replay = System.getProperty("fuzz.replay", "").trim();
        return new SeededRuns(masterSeedFromSystemProperties(), Long.getLong("fuzz.tries", defaultTries),
                replay.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(replay)));
    }

    /** {@code fuzz.seed}: a number, {@code random} for a fresh one, or (unset) {@link #DEFAULT_MASTER_SEED}. */
    public static long masterSeedFromSystemProperties() {
        String seed = System.getProperty("fuzz.seed", "").trim();
        return seed.isEmpty() ? DEFAULT_MASTER_SEED
                : seed.equalsIgnoreCase("random") ? new SplittableRandom().nextLong() : Long.parseLong(seed);
    }

    /**
     * Checks every input; the first failure ends the run with an {@link AssertionError} that names its seed
     * (the failure itself is the cause). Returns how many inputs were checked.
     */
    public long run(String what, Check check) {
        if (replay.isPresent()) {
            System.out.printf("%s: replaying the input of seed %d (-Dfuzz.replay)%n", what, replay.getAsLong());
            checkOne(what, check, replay.getAsLong(), "the replayed input");
            return 1;
        }
        System.out.printf("%s: %,d inputs from master seed %d (-Dfuzz.seed=%d repeats this run)%n", what, tries,
                masterSeed, masterSeed);
        SplittableRandom seeds = new SplittableRandom(masterSeed);
        for (long i = 0; i < tries; i++) {
            checkOne(what, check, seeds.nextLong(), String.format("input %,d of %,d (master seed %d)", i + 1, tries, masterSeed));
        }
        return tries;
    }

    private static void checkOne(String what, Check check, long seed, String which) {
        try {
            check.accept(seed);
        } catch (Throwable failure) { // a crash of any kind (assertion, exception, stack overflow) is a finding
            throw new AssertionError(String.format("%s failed on %s, seed %d: replay it with -Dfuzz.replay=%d%n%s",
                    what, which, seed, seed, failure), failure);
        }
    }
}
