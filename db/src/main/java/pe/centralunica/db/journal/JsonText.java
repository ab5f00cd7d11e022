package pe.centralunica.db.journal;

import java.util.Map;
import java.util.TreeMap;

/** Writes an event's data as a JSON object for the jsonb column (keys sorted, so a replay writes the same text). */
final class JsonText {

    private JsonText() {
    }

    static String object(Map<String, String> data) {
        StringBuilder sb = new StringBuilder(16 + data.size() * 24).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, e.getKey());
            sb.append(':');
            string(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                // PostgreSQL's jsonb refuses \u0000: keep the event, replace the character.
                case '\0' -> sb.append("\\ufffd");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u%04x".formatted((int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
