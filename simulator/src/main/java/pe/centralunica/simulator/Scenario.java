package pe.centralunica.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Callers written as text, one per line:
 * <pre>
 * # comment
 * 987654321 dials 116 from 150122, presses 2 after 1.2s, hangs up after 40s
 * at 5s: 987000111 dials 911, presses 1 after 3s, presses 05 after 8s, hangs up 60s after answer
 * at 10s: panic PB-0042
 * 987000222 dials 105 named "Ana", silent, hangs up after 20s
 * </pre>
 * {@code at T:} delays the call from the scenario's start; durations are {@code 1.2s}, {@code 1500ms},
 * {@code 2m}; "hangs up after T" counts from the call's arrival, "hangs up after T in queue" from joining a
 * queue, "hangs up T after answer" from the answer.
 */
public final class Scenario {
    public record Entry(Duration at, CallScript script, int line) {
    }

    private static final Pattern HEAD = Pattern.compile("(?:at\\s+(\\S+)\\s*:\\s*)?(.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CALLER = Pattern.compile("(\\+?[\\w-]+)\\s+dials\\s+(\\S+)(?:\\s+from\\s+(\\S+))?(?:\\s+named\\s+\"([^\"]*)\")?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PANIC = Pattern.compile("panic\\s+(\\S+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PRESSES = Pattern.compile("presses\\s+([0-9*#]+)\\s+after\\s+(\\S+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HANGS_AFTER = Pattern.compile("hangs up after\\s+(\\S+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HANGS_IN_QUEUE = Pattern.compile("hangs up after\\s+(\\S+)\\s+in queue", Pattern.CASE_INSENSITIVE);
    private static final Pattern HANGS_ANSWER = Pattern.compile("hangs up\\s+(\\S+)\\s+after answer", Pattern.CASE_INSENSITIVE);

    private final List<Entry> entries;

    private Scenario(List<Entry> entries) {
        this.entries = entries;
    }

    public List<Entry> entries() {
        return entries;
    }

    public static Scenario parse(String text) {
        List<Entry> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            try {
                out.add(parseLine(line, i + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scenario line " + (i + 1) + ": " + e.getMessage() + ": " + line, e);
            }
        }
        return new Scenario(List.copyOf(out));
    }

    private static Entry parseLine(String line, int lineNo) {
        Matcher head = HEAD.matcher(line);
        if (!head.matches()) throw new IllegalArgumentException("unreadable");
        Duration at = head.group(1) == null ? Duration.ZERO : duration(head.group(1));
        String[] clauses = head.group(2).split(",");
        String first = clauses[0].strip();
        CallScript script;
        Matcher panic = PANIC.matcher(first);
        Matcher caller = CALLER.matcher(first);
        if (panic.matches()) {
            script = CallScript.panicButton(panic.group(1));
        } else if (caller.matches()) {
            script = CallScript.caller(caller.group(1)).dials(caller.group(2));
            if (caller.group(3) != null) script.from(caller.group(3));
            if (caller.group(4) != null) script.named(caller.group(4));
        } else {
            throw new IllegalArgumentException("expected '<number> dials <number>' or 'panic <device>'");
        }
        for (int c = 1; c < clauses.length; c++) {
            String clause = clauses[c].strip();
            Matcher m;
            if ((m = PRESSES.matcher(clause)).matches()) script.pressesAfter(duration(m.group(2)), m.group(1));
            else if ((m = HANGS_ANSWER.matcher(clause)).matches()) script.hangsUpAfterAnswer(duration(m.group(1)));
            else if ((m = HANGS_IN_QUEUE.matcher(clause)).matches()) script.hangsUpAfterInQueue(duration(m.group(1)));
            else if ((m = HANGS_AFTER.matcher(clause)).matches()) script.hangsUpAfter(duration(m.group(1)));
            else if (!clause.equalsIgnoreCase("silent")) throw new IllegalArgumentException("unknown clause '" + clause + "'");
        }
        return new Entry(at, script, lineNo);
    }

    static Duration duration(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 2))));
            if (v.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            if (v.endsWith("m")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad duration '" + s + "'");
        }
    }

    /** Places every call at its time (simulated, from now) and returns the outcomes in scenario order. */
    public List<CompletableFuture<CallOutcome>> run(SimulatedAsterisk sim) throws InterruptedException {
        long start = sim.simulatedMillis();
        List<Entry> byTime = new ArrayList<>(entries);
        byTime.sort((a, b) -> a.at().compareTo(b.at()));
        List<CompletableFuture<CallOutcome>> futures = new ArrayList<>();
        java.util.Map<Entry, CompletableFuture<CallOutcome>> placed = new java.util.IdentityHashMap<>();
        for (Entry e : byTime) {
            long wait = start + e.at().toMillis() - sim.simulatedMillis();
            if (wait > 0) Thread.sleep(Duration.ofNanos((long) (wait * 1_000_000.0 * sim.timeScale())));
            placed.put(e, sim.place(e.script()));
        }
        for (Entry e : entries) futures.add(placed.get(e));
        return futures;
    }
}
