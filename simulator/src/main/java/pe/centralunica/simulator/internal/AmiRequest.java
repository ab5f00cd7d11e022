package pe.centralunica.simulator.internal;

import java.util.ArrayList;
import java.util.List;

/** An AMI action as received: keys matched case-insensitively, repeated keys (Variable) kept in order. */
final class AmiRequest {
    private final List<String[]> headers;

    AmiRequest(List<String[]> headers) {
        this.headers = headers;
    }

    String get(String key) {
        for (String[] h : headers) if (h[0].equalsIgnoreCase(key)) return h[1];
        return null;
    }

    String get(String key, String dflt) {
        String v = get(key);
        return v == null ? dflt : v;
    }

    List<String> all(String key) {
        List<String> out = new ArrayList<>();
        for (String[] h : headers) if (h[0].equalsIgnoreCase(key)) out.add(h[1]);
        return out;
    }

    boolean isEmpty() {
        return headers.isEmpty();
    }

    boolean isTrue(String key) {
        String v = get(key);
        return v != null && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equals("1") || v.equalsIgnoreCase("on"));
    }
}
