package pe.centralunica.simulator.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Channel names and ids as Asterisk makes them: uniqueid {@code <epoch seconds>.<global sequence>}; channel names
 * {@code <Tech>/<resource>-<8 lowercase hex>} with one counter per technology (Local pairs share one number).
 */
public final class ChannelIds {
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, AtomicInteger> nameCounters = new ConcurrentHashMap<>();

    public String nextUniqueid() {
        return (System.currentTimeMillis() / 1000) + "." + sequence.getAndIncrement();
    }

    public String nextName(String tech, String resource) {
        int n = nameCounters.computeIfAbsent(tech, k -> new AtomicInteger()).getAndIncrement();
        return tech + "/" + resource + "-" + String.format("%08x", n);
    }
}
