package pe.centralunica.simulator.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A byte-level AMI client for conformance tests: checks that every line ends with CRLF, keeps each message as
 * an ordered key/value list, and reports EOF.
 */
final class RawAmiClient implements AutoCloseable {
    static final List<Map.Entry<String, String>> EOF = List.of(Map.entry("#", "EOF"));

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    final String banner;
    private final LinkedBlockingQueue<List<Map.Entry<String, String>>> messages = new LinkedBlockingQueue<>();
    final List<String> framingErrors = new java.util.concurrent.CopyOnWriteArrayList<>();

    RawAmiClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        banner = readLine();
        Thread.ofVirtual().start(this::readLoop);
    }

    /** One line including its terminator check; null at EOF. */
    private String readLine() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') framingErrors.add("LF without CR after: " + buf);
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            buf.write(b);
        }
        return null;
    }

    private void readLoop() {
        try {
            List<Map.Entry<String, String>> cur = new ArrayList<>();
            String line;
            while ((line = readLine()) != null) {
                if (line.isEmpty()) {
                    messages.add(cur);
                    cur = new ArrayList<>();
                    continue;
                }
                int colon = line.indexOf(": ");
                if (colon < 0) {
                    framingErrors.add("line without ': ' " + line);
                    cur.add(Map.entry(line, ""));
                } else {
                    cur.add(Map.entry(line.substring(0, colon), line.substring(colon + 2)));
                }
            }
        } catch (IOException e) {
            // closed
        }
        messages.add(EOF);
    }

    void sendRaw(String bytes) throws IOException {
        out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void send(String... lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append("\r\n");
        sendRaw(sb.append("\r\n").toString());
    }

    List<Map.Entry<String, String>> next() throws InterruptedException {
        List<Map.Entry<String, String>> m = messages.poll(15, TimeUnit.SECONDS);
        if (m == null) throw new AssertionError("no AMI message within 15 s");
        return m;
    }

    /** The next message that is not an event (a response). */
    List<Map.Entry<String, String>> nextResponse() throws InterruptedException {
        while (true) {
            var m = next();
            if (m == EOF || m.isEmpty() || !m.getFirst().getKey().equals("Event")) return m;
        }
    }

    static String get(List<Map.Entry<String, String>> m, String key) {
        for (var e : m) if (e.getKey().equals(key)) return e.getValue();
        return null;
    }

    static List<String> keys(List<Map.Entry<String, String>> m) {
        return m.stream().map(Map.Entry::getKey).toList();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
