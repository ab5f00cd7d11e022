package pe.centralunica.simulator.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transcript from a real Asterisk 20 (test resources, transcripts/): the wire lines in order, each with its
 * direction ('A' = Asterisk, 'S' = our FastAGI server, 'C' = AMI client). Comments and blank lines dropped.
 */
public record Transcript(List<Line> lines) {
    public record Line(char dir, String text) {
    }

    public static Transcript load(String resource) {
        try (InputStream in = Transcript.class.getClassLoader().getResourceAsStream("transcripts/" + resource)) {
            if (in == null) throw new IllegalArgumentException("no transcript " + resource);
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            List<Line> lines = new ArrayList<>();
            for (String raw : text.split("\n", -1)) {
                if (raw.startsWith("#") || raw.isEmpty()) continue;
                if (raw.length() >= 2 && raw.charAt(1) == '>') {
                    lines.add(new Line(raw.charAt(0), raw.length() > 3 ? raw.substring(3) : ""));
                }
            }
            return new Transcript(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** AMI messages sent by Asterisk (each an ordered key/value list), banner excluded. */
    public List<List<Map.Entry<String, String>>> asteriskMessages() {
        List<List<Map.Entry<String, String>>> out = new ArrayList<>();
        List<Map.Entry<String, String>> cur = new ArrayList<>();
        for (Line l : lines) {
            if (l.dir() != 'A') continue;
            if (l.text().isEmpty()) {
                if (!cur.isEmpty()) out.add(cur);
                cur = new ArrayList<>();
                continue;
            }
            int colon = l.text().indexOf(": ");
            if (colon < 0) {
                if (l.text().endsWith(":")) cur.add(Map.entry(l.text().substring(0, l.text().length() - 1), ""));
                continue; // the banner
            }
            cur.add(Map.entry(l.text().substring(0, colon), l.text().substring(colon + 2)));
        }
        return out;
    }

    /** The first Asterisk message whose first field is Event: name, as a key→value map in wire order. */
    public Map<String, String> firstEvent(String name) {
        for (var m : asteriskMessages()) {
            if (!m.isEmpty() && m.getFirst().getKey().equals("Event") && m.getFirst().getValue().equals(name)) {
                Map<String, String> map = new LinkedHashMap<>();
                for (var e : m) map.put(e.getKey(), e.getValue());
                return map;
            }
        }
        return null;
    }
}
