package pe.centralunica.simulator.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMI connection: banner, login (plain or MD5 challenge), actions, and the event stream. Everything written
 * goes through one outbox drained by a writer thread, so a slow client never blocks a call, and a stalled
 * connection (fault) only holds its own outbox.
 */
final class AmiSession {
    private static final Logger log = LoggerFactory.getLogger(AmiSession.class);
    private static final int MAX_OUTBOX = 200_000;

    private final Engine engine;
    private final AmiServer server;
    private final Socket socket;
    private final String user;
    private final String secret;
    private final AmiEventPermissions permissions;
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private final List<String> held = new ArrayList<>();
    private final AmiActions actions;
    private volatile boolean loggedIn;
    private volatile boolean eventsOn = true;
    private volatile boolean holding;
    private volatile boolean closed;
    private String challenge;
    private Runnable unsubscribe = () -> { };

    AmiSession(Engine engine, AmiServer server, Socket socket, String user, String secret, AmiEventPermissions permissions) {
        this.engine = engine;
        this.permissions = permissions;
        this.server = server;
        this.socket = socket;
        this.user = user;
        this.secret = secret;
        this.actions = new AmiActions(engine, this);
    }

    void start() {
        Thread.ofVirtual().name("ami-read").start(this::readLoop);
        Thread.ofVirtual().name("ami-write").start(this::writeLoop);
    }

    // ---- output ----

    void send(AmiEvent message) {
        enqueue(message.wire());
    }

    private void enqueue(String text) {
        synchronized (outbox) {
            if (closed) return;
            if (outbox.size() >= MAX_OUTBOX) {
                log.warn("AMI client {} does not read; closing (as Asterisk's writetimeout)", socket.getRemoteSocketAddress());
                closeLater();
                return;
            }
            outbox.addLast(text);
            outbox.notifyAll();
        }
    }

    private void closeLater() {
        Thread.ofVirtual().start(this::close);
    }

    void wake() {
        synchronized (outbox) {
            outbox.notifyAll();
        }
    }

    private void onEvent(AmiEvent e) {
        if (!eventsOn || !loggedIn || !permissions.sends(e)) return;
        if (holding) {
            synchronized (held) {
                if (holding) {
                    held.add(e.wire());
                    return;
                }
            }
        }
        enqueue(e.wire());
    }

    /** Events produced during a synchronous action are delivered after its response, as Asterisk does. */
    void holdEvents() {
        holding = true;
    }

    void releaseEvents() {
        List<String> toSend;
        synchronized (held) {
            holding = false;
            toSend = new ArrayList<>(held);
            held.clear();
        }
        for (String s : toSend) enqueue(s);
    }

    private void writeLoop() {
        try {
            OutputStream out = socket.getOutputStream();
            out.write("Asterisk Call Manager/9.0.0\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                StringBuilder batch = new StringBuilder();
                synchronized (outbox) {
                    while (!closed && (outbox.isEmpty() || server.stalled()) && !(closeWhenDrained && outbox.isEmpty())) {
                        outbox.wait(1000);
                    }
                    if (closed || outbox.isEmpty()) return; // closed, or drained after a closing response
                    while (!outbox.isEmpty() && batch.length() < 64 * 1024) batch.append(outbox.pollFirst());
                }
                out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            log.debug("AMI write ended: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    private volatile boolean closeWhenDrained;

    /** Queues a response after which the connection closes (Logoff, failed login). */
    void sendThenClose(AmiEvent message) {
        synchronized (outbox) {
            enqueue(message.wire());
            closeWhenDrained = true;
            outbox.notifyAll();
        }
    }

    void writeRaw(String text) {
        enqueue(text);
    }

    void writeRawThenClose(String text) {
        synchronized (outbox) {
            outbox.clear();
        }
        try {
            OutputStream out = socket.getOutputStream();
            synchronized (outbox) {
                out.write(text.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            log.debug("half frame: {}", e.toString());
        }
        close();
    }

    void close() {
        synchronized (outbox) {
            if (closed) return;
            closed = true;
            outbox.notifyAll();
        }
        unsubscribe.run();
        server.ended(this);
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing AMI socket", e);
        }
    }

    // ---- input ----

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            List<String[]> ordered = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) { // readLine accepts CRLF and LF-only line ends, as Asterisk does
                if (line.isEmpty()) {
                    handle(new AmiRequest(ordered));
                    ordered = new ArrayList<>();
                    headers.clear();
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) continue; // a line without a colon is ignored
                String key = line.substring(0, colon).strip();
                String value = line.substring(colon + 1);
                if (value.startsWith(" ")) value = value.substring(1);
                ordered.add(new String[] {key, value});
            }
        } catch (IOException e) {
            log.debug("AMI read ended: {}", e.toString());
        } finally {
            close();
        }
    }

    private void handle(AmiRequest req) {
        String action = req.get("Action");
        String actionId = req.get("ActionID");
        if (action == null) {
            AmiEvent r = AmiEvent.plain("Response", "Error");
            if (!req.isEmpty()) r.add("ActionID", actionId);
            send(r.add("Message", "Missing action in request"));
            return;
        }
        String a = action.toLowerCase(Locale.ROOT);
        switch (a) {
            case "login" -> login(req, actionId);
            case "challenge" -> {
                challenge = Integer.toString(100_000_000 + engine.random.nextInt(900_000_000));
                send(response("Success", actionId).add("Challenge", challenge));
            }
            case "logoff" -> sendThenClose(response("Goodbye", actionId).add("Message", "Thanks for all the fish."));
            default -> {
                if (!loggedIn) {
                    send(response("Error", actionId).add("Message", "Permission denied"));
                    return;
                }
                actions.handle(a, action, req, actionId);
            }
        }
    }

    static AmiEvent response(String status, String actionId) {
        AmiEvent r = AmiEvent.plain("Response", status);
        if (actionId != null) r.add("ActionID", actionId);
        return r;
    }

    private void login(AmiRequest req, String actionId) {
        String username = req.get("Username");
        boolean ok;
        if ("md5".equalsIgnoreCase(req.get("AuthType"))) {
            ok = challenge != null && user.equals(username) && md5(challenge + secret).equalsIgnoreCase(nz(req.get("Key")));
        } else {
            ok = user.equals(username) && secret.equals(req.get("Secret"));
        }
        if (!ok) {
            // Asterisk answers a failed login after about a second, then hangs up
            engine.after(1000, () -> sendThenClose(response("Error", actionId).add("Message", "Authentication failed")));
            return;
        }
        String events = req.get("Events");
        eventsOn = events == null || !events.equalsIgnoreCase("off");
        // subscribe before answering (no event of a call placed right after the login may be lost), but hold the
        // events until the response and FullyBooted are out
        holdEvents();
        loggedIn = true;
        unsubscribe = engine.bus.subscribe(this::onEvent);
        send(response("Success", actionId).add("Message", "Authentication accepted"));
        if (eventsOn) {
            send(AmiEvent.plain("Event", "FullyBooted").add("Privilege", "system,all")
                    .add("Uptime", engine.uptimeSeconds()).add("LastReload", engine.uptimeSeconds())
                    .add("Status", "Fully Booted"));
            String now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
                    .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ"));
            send(AmiEvent.bus("SuccessfulAuth", "security").add("EventTV", now).add("Severity", "Informational")
                    .add("Service", "AMI").add("EventVersion", 1).add("AccountID", user)
                    .add("SessionID", "0x" + Integer.toHexString(System.identityHashCode(this)))
                    .add("LocalAddress", "IPV4/TCP/" + socket.getLocalAddress().getHostAddress() + "/" + socket.getLocalPort())
                    .add("RemoteAddress", "IPV4/TCP/" + socket.getInetAddress().getHostAddress() + "/" + socket.getPort())
                    .add("UsingPassword", 0).add("SessionTV", now));
        }
        releaseEvents();
    }

    void eventsOn(boolean on) {
        eventsOn = on;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
