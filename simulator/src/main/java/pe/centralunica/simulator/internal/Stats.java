package pe.centralunica.simulator.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a run and the AGI turnaround as the simulated Asterisk sees it: from writing a response (or the
 * environment block) to reading the server's next command.
 */
public final class Stats {
    public final LongAdder placed = new LongAdder();
    public final LongAdder answered = new LongAdder();
    public final LongAdder abandoned = new LongAdder();
    public final LongAdder failed = new LongAdder();
    public final LongAdder fallback = new LongAdder();
    public final LongAdder agiSessions = new LongAdder();
    public final LongAdder agiFailures = new LongAdder();
    public final LongAdder agiCommands = new LongAdder();
    /** Beyond this many samples the percentiles come from a uniform reservoir (a demo may run for days). */
    private static final int MAX_SAMPLES = 1 << 20;
    private long[] latencies = new long[1024];
    private int count;
    private long seen;
    private final java.util.Random reservoir = new java.util.Random(7);

    public synchronized void recordAgiLatency(long nanos) {
        seen++;
        if (count < MAX_SAMPLES) {
            if (count == latencies.length) latencies = Arrays.copyOf(latencies, Math.min(MAX_SAMPLES, count * 2));
            latencies[count++] = nanos;
            return;
        }
        long slot = (long) (reservoir.nextDouble() * seen);
        if (slot < MAX_SAMPLES) latencies[(int) slot] = nanos;
    }

    /** Percentile (0–100) of the recorded AGI latencies in microseconds, or -1 without samples. */
    public synchronized long agiLatencyMicros(double percentile) {
        if (count == 0) return -1;
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        int idx = (int) Math.ceil(percentile / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, idx))] / 1000;
    }

    public synchronized int agiLatencySamples() {
        return count;
    }
}
