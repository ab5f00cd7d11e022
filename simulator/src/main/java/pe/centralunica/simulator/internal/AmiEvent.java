package pe.centralunica.simulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One AMI message as Asterisk writes it: ordered {@code Key: value} lines. Events built here follow the field
 * order of the transcripts: Event, Privilege, Timestamp, then the channel snapshot, then the event's own fields.
 */
public final class AmiEvent {
    private final List<Map.Entry<String, String>> fields = new ArrayList<>();

    private AmiEvent() {
    }

    /** A bus event ({@code Privilege: <class>,all} + {@code Timestamp}). */
    public static AmiEvent bus(String name, String privilegeClass) {
        AmiEvent e = new AmiEvent();
        e.add("Event", name).add("Privilege", privilegeClass + ",all").add("Timestamp", timestamp());
        return e;
    }

    /** A message with no Timestamp (responses, FullyBooted, list items). */
    public static AmiEvent plain(String firstKey, String firstValue) {
        return new AmiEvent().add(firstKey, firstValue);
    }

    static String timestamp() {
        long micros = Math.multiplyExact(System.currentTimeMillis(), 1000L) + (System.nanoTime() / 1000) % 1000;
        return (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
    }

    public AmiEvent add(String key, String value) {
        fields.add(Map.entry(key, value == null ? "" : value));
        return this;
    }

    public AmiEvent add(String key, long value) {
        return add(key, Long.toString(value));
    }

    /** The standard channel snapshot (Channel … Linkedid), optionally with a prefix such as {@code Dest}. */
    public AmiEvent channel(String prefix, Channel ch) {
        Channel.Snapshot s = ch.snapshot();
        add(prefix + "Channel", s.name());
        add(prefix + "ChannelState", s.state().code);
        add(prefix + "ChannelStateDesc", s.state().desc);
        add(prefix + "CallerIDNum", orUnknown(s.callerIdNum()));
        add(prefix + "CallerIDName", orUnknown(s.callerIdName()));
        add(prefix + "ConnectedLineNum", orUnknown(s.connectedNum()));
        add(prefix + "ConnectedLineName", orUnknown(s.connectedName()));
        add(prefix + "Language", "en");
        add(prefix + "AccountCode", "");
        add(prefix + "Context", s.context());
        add(prefix + "Exten", s.exten());
        add(prefix + "Priority", s.priority());
        add(prefix + "Uniqueid", s.uniqueid());
        add(prefix + "Linkedid", s.linkedid());
        return this;
    }

    /** The manager writes an empty caller id as {@code <unknown>} (transcripts 07, 08). */
    static String orUnknown(String v) {
        return v == null || v.isEmpty() ? "<unknown>" : v;
    }

    public AmiEvent channel(Channel ch) {
        return channel("", ch);
    }

    public String name() {
        return get("Event");
    }

    public String get(String key) {
        for (var f : fields) if (f.getKey().equalsIgnoreCase(key)) return f.getValue();
        return null;
    }

    public List<Map.Entry<String, String>> fields() {
        return fields;
    }

    /** Inserts ActionID as the second line, where Asterisk puts it in responses. */
    public AmiEvent withActionIdSecond(String actionId) {
        if (actionId != null) fields.add(1, Map.entry("ActionID", actionId));
        return this;
    }

    /** The wire form: CRLF after each line and an empty line at the end. */
    public String wire() {
        StringBuilder sb = new StringBuilder(fields.size() * 32);
        for (var f : fields) sb.append(f.getKey()).append(": ").append(f.getValue()).append("\r\n");
        return sb.append("\r\n").toString();
    }

    @Override
    public String toString() {
        return wire();
    }
}
