package pe.centralunica.router.live;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One line of Asterisk's {@code queue_log}: {@code time|callid|queue|agent|event|data1|data2|…}. Asterisk writes
 * it to a file as each queue step happens, whether or not anyone listens on AMI, so it still holds what a link
 * outage hid.
 *
 * @param at     Asterisk's clock, epoch seconds (whole seconds in the file backend)
 * @param callid uniqueid of the caller's channel (the channel that ran Queue(): our IVR's call id comes from it)
 * @param agent  the member's name as queues.conf or QueueAdd gave it (its interface when none was given)
 */
public record QueueLogEntry(double at, String callid, String queue, String agent, String event, List<String> data) {

    public QueueLogEntry {
        data = List.copyOf(data);
    }

    /** A line as Asterisk writes it; empty for anything else (a torn last line, a blank). */
    public static Optional<QueueLogEntry> parse(String line) {
        if (line == null) {
            return Optional.empty();
        }
        String[] f = line.strip().split("\\|", -1);
        if (f.length < 5 || f[4].isEmpty()) {
            return Optional.empty();
        }
        try {
            double at = Double.parseDouble(f[0]);
            return Optional.of(new QueueLogEntry(at, f[1], f[2], f[3], f[4], Arrays.asList(f).subList(5, f.length)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The {@code n}th data field (1-based), "" when absent. */
    public String data(int n) {
        return n >= 1 && n <= data.size() ? data.get(n - 1) : "";
    }

    /** The {@code n}th data field as a number, or {@code otherwise}. */
    double number(int n, double otherwise) {
        try {
            return Double.parseDouble(data(n).strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
