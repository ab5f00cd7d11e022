package pe.centralunica.router.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One CDR line as sip-config's {@code cdr_custom.conf} makes Asterisk write it ({@code cu-cdr.csv}):
 * {@code "uniqueid","linkedid",start,answer,end,"disposition"}, times in epoch seconds with microseconds. Asterisk
 * writes it when the channel's record closes — at its hang-up — whatever AMI does: after an AMI outage it is the
 * true end of a call the stream never saw end.
 *
 * @param uniqueid the record's party A channel (the caller's channel for our calls)
 * @param end      when party A's record ended (its hang-up, or the end of a bridge it left)
 */
public record CallEndRecord(String uniqueid, String linkedid, double end, String disposition) {

    /** A line as the generated mapping writes it; empty for anything else. */
    public static Optional<CallEndRecord> parse(String line) {
        List<String> f = csv(line == null ? "" : line.strip());
        if (f.size() < 6 || f.get(0).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CallEndRecord(f.get(0), f.get(1), Double.parseDouble(f.get(4)), f.get(5)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Splits one CSV line (fields optionally in double quotes, "" inside quotes is a quote). */
    private static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
