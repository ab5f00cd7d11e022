package pe.centralunica.sipconfig.asterisk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal AMI server: banner, MD5 challenge/login, {@code Command} answered like Asterisk 20 does
 * ({@code Output:} lines), {@code Logoff}. Records every CLI command it received.
 */
final class FakeAmi implements AutoCloseable {
    final List<String> commands = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final String secret;
    private final Map<String, String> failing;

    /** {@code failing}: commands answered with Response: Error and this message. */
    FakeAmi(String secret, Map<String, String> failing) throws IOException {
        this.secret = secret;
        this.failing = failing;
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = s.getOutputStream()) {
            write(out, "Asterisk Call Manager/9.0.0\r\n");
            Map<String, String> req = new LinkedHashMap<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon > 0) req.put(line.substring(0, colon).strip().toLowerCase(), line.substring(colon + 1).strip());
                    continue;
                }
                if (req.isEmpty()) continue;
                String id = req.getOrDefault("actionid", "");
                String action = req.getOrDefault("action", "").toLowerCase();
                switch (action) {
                    case "challenge" -> write(out, "Response: Success\r\nActionID: " + id + "\r\nChallenge: 123456789\r\n\r\n");
                    case "login" -> {
                        boolean ok = secret.equals(req.get("secret")) || md5("123456789" + secret).equals(req.get("key"));
                        write(out, ok ? "Response: Success\r\nActionID: " + id + "\r\nMessage: Authentication accepted\r\n\r\n"
                                : "Response: Error\r\nActionID: " + id + "\r\nMessage: Authentication failed\r\n\r\n");
                        if (!ok) return;
                    }
                    case "command" -> {
                        String command = req.getOrDefault("command", "");
                        if (!command.equals("core show version")) commands.add(command);
                        if (failing.containsKey(command)) {
                            write(out, "Response: Error\r\nActionID: " + id + "\r\nMessage: Command output follows\r\nOutput: "
                                    + failing.get(command) + "\r\n\r\n");
                        } else {
                            String output = command.equals("core show version") ? "Asterisk 20.20.1 built by root" : "Reloaded: " + command;
                            write(out, "Response: Success\r\nActionID: " + id + "\r\nMessage: Command output follows\r\nOutput: "
                                    + output + "\r\n\r\n");
                        }
                    }
                    case "logoff" -> {
                        write(out, "Response: Goodbye\r\nActionID: " + id + "\r\nMessage: Thanks for all the fish.\r\n\r\n");
                        return;
                    }
                    default -> write(out, "Response: Success\r\nActionID: " + id + "\r\n\r\n");
                }
                req.clear();
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String md5(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) sb.append(String.format("%02x", b));
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
