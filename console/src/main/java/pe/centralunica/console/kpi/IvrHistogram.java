package pe.centralunica.console.kpi;

import java.util.Map;
import java.util.TreeMap;

/**
 * IVR seconds of many calls as whole seconds → calls, merged across days, with percentiles interpolated the way
 * PostgreSQL's percentile_cont does over the values: exact when the seconds are whole, otherwise within a second.
 */
final class IvrHistogram {

    private final TreeMap<Integer, Long> counts = new TreeMap<>();
    private long total;

    void add(Integer[] seconds, Integer[] calls) {
        for (int i = 0; i < seconds.length; i++) {
            counts.merge(seconds[i], (long) calls[i], Long::sum);
            total += calls[i];
        }
    }

    /** The p-quantile (0…1), or null without calls. */
    Double percentile(double p) {
        if (total == 0) {
            return null;
        }
        double position = p * (total - 1);
        long lower = (long) Math.floor(position);
        double below = valueAt(lower);
        double above = valueAt(Math.min(lower + 1, total - 1));
        return below + (position - lower) * (above - below);
    }

    private double valueAt(long index) {
        long seen = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (index < seen) {
                return e.getKey();
            }
        }
        return counts.lastKey();
    }
}
