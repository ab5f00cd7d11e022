package pe.centralunica.simulator.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prompt lengths in samples (8 kHz), as STREAM FILE reports them in {@code endpos}. "beep" is 3520 samples as in
 * the transcripts; any other prompt lasts {@code defaultSamples} unless registered; names registered as missing
 * behave like a file that does not exist ({@code 200 result=-1 endpos=0}).
 */
public final class Sounds {
    private final Map<String, Long> samples = new ConcurrentHashMap<>(Map.of("beep", 3520L));
    private final Set<String> missing = ConcurrentHashMap.newKeySet();
    private volatile long defaultSamples = 16000;

    public void register(String name, long sampleCount) {
        samples.put(name, sampleCount);
    }

    public void markMissing(String name) {
        missing.add(name);
    }

    public void defaultSamples(long n) {
        defaultSamples = n;
    }

    /** Length in samples, or -1 if the file does not exist. */
    public long lengthOf(String name) {
        if (missing.contains(name) || name.startsWith("no-such")) return -1;
        return samples.getOrDefault(name, defaultSamples);
    }

    public static long millis(long samples) {
        return samples / 8;
    }
}
