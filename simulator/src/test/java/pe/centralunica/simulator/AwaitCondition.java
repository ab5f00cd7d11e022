package pe.centralunica.simulator;

import java.util.function.BooleanSupplier;

/** Polls a condition (up to 10 s real) so tests sequence on state, never on sleeps. */
public final class AwaitCondition {
    private AwaitCondition() {
    }

    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(2);
        }
    }
}
