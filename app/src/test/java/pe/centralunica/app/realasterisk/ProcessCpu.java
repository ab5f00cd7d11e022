package pe.centralunica.app.realasterisk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * CPU a process has used so far (user + system, all its threads), from {@code /proc/<pid>/stat} — Linux only,
 * clock ticks of 10 ms, so {@link CostPerCallBench} divides deltas over thousands of calls.
 */
final class ProcessCpu {

    private static final long MILLIS_PER_TICK = 10;

    private ProcessCpu() {
    }

    /** utime + stime of {@code pid} in milliseconds; empty once the process is gone. */
    static OptionalLong millis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state): utime is field 14, stime field 15.
            return OptionalLong.of((Long.parseLong(f[11]) + Long.parseLong(f[12])) * MILLIS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Each live pid's CPU now. */
    static Map<Long, Long> snapshot(Collection<Long> pids) {
        Map<Long, Long> m = new HashMap<>();
        for (long pid : pids) {
            millis(pid).ifPresent(ms -> m.put(pid, ms));
        }
        return m;
    }

    /** CPU used between two snapshots; a pid absent from {@code before} started since (all its CPU counts). */
    static long delta(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    /** CPU per thread name (Linux truncates names to 15 characters; trailing numbers are merged) in milliseconds. */
    static Map<String, Long> byThread(long pid) {
        Map<String, Long> m = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[-#0-9]+$", "");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    m.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MILLIS_PER_TICK, Long::sum);
                } catch (IOException | RuntimeException threadGone) {
                    // ended meanwhile
                }
            }
        } catch (IOException e) {
            // process gone: nothing to report
        }
        return m;
    }
}
