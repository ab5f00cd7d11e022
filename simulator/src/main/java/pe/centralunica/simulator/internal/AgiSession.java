package pe.centralunica.simulator.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * res_agi's FastAGI client for one AGI() call: connects to {@code agi://host[:port]/script}, sends the
 * environment block, answers commands until the server closes the socket. AGISTATUS ends as SUCCESS (server
 * closed), FAILURE (cannot connect) or HANGUP (the channel hung up; the dialplan then stops). Replies and the
 * unsolicited {@code HANGUP} line follow transcripts agi/01–05.
 */
final class AgiSession {
    private static final Logger log = LoggerFactory.getLogger(AgiSession.class);
    private static final String DEAD = "511 Command Not Permitted on a dead channel or intercept routine";
    private static final String ALL_DIGITS = "0123456789*#";

    private final Engine engine;
    private final CallRun call;
    private final Channel ch;
    private final Pbx pbx;
    private final Object writeLock = new Object();
    private OutputStream out;
    private volatile Socket socket;
    private boolean executing;
    private boolean hangupSent;
    private long lastWriteNanos;

    AgiSession(Engine engine, CallRun call, Pbx pbx) {
        this.engine = engine;
        this.call = call;
        this.ch = call.channel();
        this.pbx = pbx;
    }

    int run(String data) {
        List<String> parts = splitArgs(data);
        String url = parts.getFirst().strip();
        List<String> args = parts.subList(1, parts.size());
        engine.stats.agiSessions.increment();
        URI uri;
        try {
            uri = URI.create(url.replace(" ", "%20"));
        } catch (IllegalArgumentException e) {
            return failed(url, "bad URL");
        }
        if (!"agi".equals(uri.getScheme()) || uri.getHost() == null) return failed(url, "not a FastAGI URL");
        String path = url.substring(url.indexOf('/', "agi://".length()) + 1);
        if (url.indexOf('/', "agi://".length()) < 0) path = "";
        int q = path.indexOf('?');
        call.agiScript(q >= 0 ? path.substring(0, q) : path);
        if (engine.faults.agiUnreachable()) return failed(url, "Connection refused (fault switch)");
        if (engine.faults.agiConnectTimesOut()) {
            ch.sleep(engine.agiConnectTimeout.toMillis()); // simulated: the SYN is never answered
            return failed(url, "connect timed out (fault switch)");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 4573;
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(uri.getHost(), port), (int) engine.agiConnectTimeout.toMillis());
            } catch (IOException e) {
                return failed(url, e.getMessage());
            }
            socket.setTcpNoDelay(true);
            this.socket = socket;
            engine.agiOpened(socket);
            out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            Runnable unsubscribe = ch.onHangup(this::notifyHangup);
            Runnable unsubscribeTimeout = ch.onTimeout(this::timedOut);
            try {
                send(environment(url, path, args));
                if (ch.isHungUp()) notifyHangup();
                if (ch.timedOut()) timedOut();
                commandLoop(in, socket);
            } finally {
                unsubscribe.run();
                unsubscribeTimeout.run();
                engine.agiClosed(socket);
            }
        } catch (IOException e) {
            log.debug("{}: AGI connection ended: {}", ch, e.toString());
        }
        if (ch.isHungUp() || ch.timedOut()) {
            ch.setVariable("AGISTATUS", "HANGUP");
            return -1;
        }
        ch.setVariable("AGISTATUS", "SUCCESS");
        return 0;
    }

    private int failed(String url, String why) {
        log.debug("{}: Connecting to '{}' failed: {}; FastAGI failed", ch, url, why);
        engine.stats.agiFailures.increment();
        ch.setVariable("AGISTATUS", "FAILURE");
        return 0;
    }

    private String environment(String url, String path, List<String> args) {
        StringBuilder sb = new StringBuilder(640);
        line(sb, "agi_network", "yes");
        line(sb, "agi_network_script", path);
        line(sb, "agi_request", url);
        line(sb, "agi_channel", ch.name());
        line(sb, "agi_language", "en");
        line(sb, "agi_type", ch.tech());
        line(sb, "agi_uniqueid", ch.uniqueid());
        line(sb, "agi_version", "20.20.1");
        line(sb, "agi_callerid", ch.callerIdNum().isEmpty() ? "unknown" : ch.callerIdNum());
        line(sb, "agi_calleridname", ch.callerIdName().isEmpty() ? "unknown" : ch.callerIdName());
        line(sb, "agi_callingpres", "0");
        line(sb, "agi_callingani2", "0");
        line(sb, "agi_callington", "0");
        line(sb, "agi_callingtns", "0");
        line(sb, "agi_dnid", ch.dnid());
        line(sb, "agi_rdnis", "unknown");
        line(sb, "agi_context", ch.context());
        line(sb, "agi_extension", ch.exten());
        line(sb, "agi_priority", Integer.toString(ch.priority()));
        line(sb, "agi_enhanced", "0.0");
        line(sb, "agi_accountcode", "");
        line(sb, "agi_threadid", Long.toString(139_600_000_000_000L + (long) (engine.random.nextDouble() * 100_000_000_000L)));
        for (int i = 0; i < args.size(); i++) line(sb, "agi_arg_" + (i + 1), args.get(i));
        return sb.toString(); // send() adds the LF that makes the empty line
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(": ").append(value).append('\n');
    }

    private void send(String text) throws IOException {
        synchronized (writeLock) {
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            lastWriteNanos = System.nanoTime();
        }
    }

    /**
     * TIMEOUT(absolute) expired during the AGI: res_agi sees the channel as hung up and sends HANGUP; with
     * AGIEXITONHANGUP=yes it ends the AGI at once (measured on Asterisk 20.20.1: T runs on time although the
     * server never answers), without it waits for the server to close — forever, if the server is frozen.
     */
    private void timedOut() {
        synchronized (writeLock) {
            if (executing || hangupSent || out == null) return; // the command ends first; commandLoop then follows up
            hangupSent = true;
            try {
                send("HANGUP");
            } catch (IOException e) {
                log.debug("{}: cannot send HANGUP: {}", ch, e.toString());
            }
        }
        endAfterTimeout();
    }

    private boolean exitOnHangup() {
        return "yes".equalsIgnoreCase(String.valueOf(ch.getVariable("AGIEXITONHANGUP")));
    }

    private void endAfterTimeout() {
        if (exitOnHangup()) {
            Socket s = socket;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    log.debug("closing AGI socket on timeout", e);
                }
            }
        } else {
            closeAfterGrace();
        }
    }

    private void notifyHangup() {
        synchronized (writeLock) {
            if (executing || hangupSent || out == null) return;
            hangupSent = true;
            try {
                send("HANGUP");
            } catch (IOException e) {
                log.debug("{}: cannot send HANGUP: {}", ch, e.toString());
            }
        }
        closeAfterGrace();
    }

    /**
     * After the hang-up Asterisk keeps the socket open until the server closes it (transcript 03b: at least 6 s);
     * the simulator gives a server {@link #HANGUP_GRACE_SIM_MILLIS} before it closes, so a server that never
     * closes cannot hold a simulated call forever.
     */
    static final long HANGUP_GRACE_SIM_MILLIS = 30_000;

    private void closeAfterGrace() {
        Socket s = socket;
        if (s != null) engine.after(HANGUP_GRACE_SIM_MILLIS, () -> {
            try {
                s.close();
            } catch (IOException e) {
                log.debug("closing AGI socket after the grace period", e);
            }
        });
    }

    private void commandLoop(BufferedReader in, Socket socket) throws IOException {
        String lineText;
        while ((lineText = in.readLine()) != null) {
            long waited = System.nanoTime() - lastWriteNanos;
            if (lineText.isBlank()) continue;
            engine.stats.recordAgiLatency(waited);
            engine.stats.agiCommands.increment();
            if (engine.faults.dropAgiMidCommand()) {
                synchronized (writeLock) {
                    hangupSent = true; // nothing more is written: the simulated Asterisk lost the call mid-command
                }
                ch.hangup(16);
                socket.close();
                return;
            }
            synchronized (writeLock) {
                executing = true;
            }
            String commandLine = lineText;
            int commandId = engine.random.nextInt(Integer.MAX_VALUE);
            engine.bus.publish(() -> AmiEvent.bus("AGIExecStart", "agi").channel(ch).add("CommandId", commandId)
                    .add("Command", commandLine));
            String reply;
            try {
                reply = execute(parseArgs(commandLine));
            } catch (RuntimeException e) {
                log.warn("{}: AGI command '{}' failed in the simulator", ch, commandLine, e);
                reply = "200 result=-1";
            }
            String code = reply.substring(0, 3);
            String result = switch (code) {
                case "200" -> "Success";
                case "510" -> "Invalid or unknown command";
                case "511" -> "Command Not Permitted on a dead channel or intercept routine";
                default -> "Usage";
            };
            synchronized (writeLock) {
                send(reply);
                executing = false;
                if (ch.timedOut() && !hangupSent) {
                    hangupSent = true;
                    send("HANGUP");
                    if (exitOnHangup()) return; // res_agi leaves at once; the caller closes the socket
                    closeAfterGrace();
                } else if (ch.isHungUp() && !hangupSent) {
                    hangupSent = true;
                    send("HANGUP");
                    closeAfterGrace();
                }
            }
            engine.bus.publish(() -> AmiEvent.bus("AGIExecEnd", "agi").channel(ch).add("CommandId", commandId)
                    .add("Command", commandLine).add("ResultCode", code).add("Result", result));
        }
    }

    // ---- commands ----

    private String execute(List<String> argv) {
        Optional<AgiCommand> found = AgiCommand.match(argv);
        if (found.isEmpty()) return "510 Invalid or unknown command";
        AgiCommand command = found.get();
        if ((ch.isHungUp() || ch.timedOut()) && !command.allowedOnDeadChannel) return DEAD;
        int argc = argv.size();
        if (command.blocking && engine.faults.hangupMidCommand()) engine.after(0, () -> ch.hangup(16));
        return switch (command) {
            case ANSWER -> {
                if (argc != 1) yield command.usageReply();
                if (ch.state() != ChannelState.UP) ch.setState(ChannelState.UP);
                yield "200 result=0";
            }
            case NOOP -> "200 result=0";
            case CHANNEL_STATUS -> {
                if (argc == 2) yield "200 result=" + ch.state().code;
                if (argc == 3) yield engine.channel(argv.get(2)).map(c -> "200 result=" + c.state().code).orElse("200 result=-1");
                yield command.usageReply();
            }
            case STREAM_FILE -> {
                ch.discardPendingDigits();
                if (argc < 4 || argc > 5) yield command.usageReply();
                long samples = engine.sounds.lengthOf(argv.get(2));
                if (samples < 0) yield "200 result=-1 endpos=0";
                long[] pos = new long[1];
                int r = play(samples, argv.get(3), pos);
                yield "200 result=" + r + " endpos=" + pos[0];
            }
            case GET_OPTION -> {
                ch.discardPendingDigits();
                if (argc < 4 || argc > 5) yield command.usageReply();
                long samples = engine.sounds.lengthOf(argv.get(2));
                if (samples < 0) yield "200 result=-1 endpos=0";
                long[] pos = new long[1];
                int r = play(samples, argv.get(3), pos);
                if (r == 0 && argc == 5) r = waitDigit(SimQueue.parseInt(argv.get(4)) <= 0 ? 5000 : SimQueue.parseInt(argv.get(4)), argv.get(3));
                yield "200 result=" + r + " endpos=" + pos[0];
            }
            case SAY_DIGITS, SAY_NUMBER -> {
                ch.discardPendingDigits();
                if (argc < 4 || argc > 5) yield command.usageReply();
                long samples = 6000L * Math.max(1, argv.get(2).length());
                int r = play(samples, argv.get(3), new long[1]);
                yield "200 result=" + r;
            }
            case GET_DATA -> {
                ch.discardPendingDigits();
                yield argc < 3 ? command.usageReply() : getData(argv);
            }
            case WAIT_FOR_DIGIT -> {
                ch.discardPendingDigits();
                if (argc != 4) yield command.usageReply();
                int timeout = SimQueue.parseInt(argv.get(3));
                yield "200 result=" + waitDigit(timeout, ALL_DIGITS);
            }
            case SET_VARIABLE -> {
                if (argc != 4) yield command.usageReply();
                if (argv.get(2).equalsIgnoreCase("TIMEOUT(absolute)")) engine.setAbsoluteTimeout(ch, argv.get(3));
                else ch.setVariable(argv.get(2), argv.get(3));
                yield "200 result=1";
            }
            case GET_VARIABLE -> {
                if (argc != 3) yield command.usageReply();
                String v = pbx.lookup(ch, argv.get(2));
                yield v == null ? "200 result=0" : "200 result=1 (" + v + ")";
            }
            case GET_FULL_VARIABLE -> {
                if (argc != 4 && argc != 5) yield command.usageReply();
                Channel target = argc == 5 ? engine.channel(argv.get(4)).orElse(null) : ch;
                if (target == null) yield "200 result=0";
                yield "200 result=1 (" + pbx.substitute(target, argv.get(3)) + ")";
            }
            case VERBOSE -> argc < 2 ? command.usageReply() : "200 result=1";
            case HANGUP -> {
                if (argc == 1) {
                    ch.hangup(16);
                    yield "200 result=1";
                }
                if (argc == 2) {
                    var other = engine.channel(argv.get(1));
                    if (other.isEmpty()) yield "200 result=-1";
                    other.get().hangup(16);
                    yield "200 result=1";
                }
                yield command.usageReply();
            }
            case EXEC -> {
                if (argc < 2) yield command.usageReply();
                int r = pbx.exec(call, argv.get(1), argc >= 3 ? argv.get(2) : "");
                yield "200 result=" + r;
            }
            case SET_AUTOHANGUP -> {
                if (argc != 3) yield command.usageReply();
                long secs = SimQueue.parseSeconds(argv.get(2));
                if (secs > 0) engine.after(secs, () -> ch.hangup(16));
                yield "200 result=0";
            }
            case SET_CALLERID -> {
                if (argc != 3) yield command.usageReply();
                ch.setCallerId(argv.get(2).replaceAll(".*<(.*)>.*", "$1"), ch.callerIdName());
                yield "200 result=1";
            }
            case SET_CONTEXT, SET_EXTENSION, SET_PRIORITY -> argc != 3 ? command.usageReply() : "200 result=0";
            case DATABASE_GET -> {
                if (argc != 4) yield command.usageReply();
                String v = engine.astDb.get(argv.get(2) + "/" + argv.get(3));
                yield v == null ? "200 result=0" : "200 result=1 (" + v + ")";
            }
            case DATABASE_PUT -> {
                if (argc != 5) yield command.usageReply();
                engine.astDb.put(argv.get(2) + "/" + argv.get(3), argv.get(4));
                yield "200 result=1";
            }
            case DATABASE_DEL -> {
                if (argc != 4) yield command.usageReply();
                yield engine.astDb.remove(argv.get(2) + "/" + argv.get(3)) != null ? "200 result=1" : "200 result=0";
            }
        };
    }

    /**
     * Plays a prompt of {@code samples}; a digit in {@code escape} stops it (returns its ASCII code), other
     * digits are read and dropped; -1 on hang-up. {@code pos[0]} receives the sample position reached.
     */
    private int play(long samples, String escape, long[] pos) {
        SimClock clock = engine.clock;
        long start = clock.nowMillis();
        long end = start + Sounds.millis(samples);
        while (true) {
            ch.waitUntil(end, ch::hasDigit);
            long now = clock.nowMillis();
            pos[0] = Math.min(samples, (now - start) * 8);
            if (ch.isHungUp()) return -1;
            Character d = ch.pollDigit();
            if (d != null) {
                if (escape.indexOf(d) >= 0) return d;
                continue;
            }
            if (now >= end) {
                pos[0] = samples;
                return 0;
            }
        }
    }

    /** WAIT FOR DIGIT: the digit's ASCII code, 0 on timeout, -1 on hang-up; timeout -1 = forever. */
    private int waitDigit(int timeoutMs, String accept) {
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : engine.clock.nowMillis() + timeoutMs;
        while (true) {
            boolean got = ch.waitUntil(deadline, ch::hasDigit);
            if (ch.isHungUp()) return -1;
            if (!got) return 0;
            Character d = ch.pollDigit();
            if (d != null && accept.indexOf(d) >= 0) return d;
        }
    }

    /** GET DATA file [timeout [maxdigits]]: as ast_app_getdata, '#' ends input, timeouts add " (timeout)". */
    private String getData(List<String> argv) {
        long samples = engine.sounds.lengthOf(argv.get(2));
        if (samples < 0) return "200 result=-1";
        int timeout = argv.size() >= 4 ? SimQueue.parseInt(argv.get(3)) : 0;
        int max = argv.size() >= 5 ? SimQueue.parseInt(argv.get(4)) : 1024;
        if (max <= 0) max = 1024;
        long first = timeout > 0 ? timeout : timeout < 0 ? Long.MAX_VALUE / 4 : 10_000;
        long between = timeout > 0 ? timeout : timeout < 0 ? Long.MAX_VALUE / 4 : 5_000;
        StringBuilder digits = new StringBuilder();
        int r = play(samples, ALL_DIGITS, new long[1]);
        if (r < 0) return "200 result=-1";
        if (r > 0) {
            if (r == '#') return "200 result=";
            digits.append((char) r);
        }
        while (digits.length() < max) {
            long deadline = engine.clock.nowMillis() + (digits.isEmpty() ? first : between);
            boolean got = ch.waitUntil(deadline, ch::hasDigit);
            if (ch.isHungUp()) return "200 result=-1";
            if (!got) return "200 result=" + digits + " (timeout)";
            Character d = ch.pollDigit();
            if (d == null) continue;
            if (d == '#') break;
            digits.append(d);
        }
        return "200 result=" + digits;
    }

    // ---- parsing ----

    /** res_agi's parse_args: whitespace separates, double quotes group, backslash escapes. */
    static List<String> parseArgs(String line) {
        List<String> argv = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean escaped = false;
        boolean inArg = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (escaped) {
                cur.append(c);
                escaped = false;
                inArg = true;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                quoted = !quoted;
                inArg = true;
            } else if ((c == ' ' || c == '\t') && !quoted) {
                if (inArg) {
                    argv.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
            } else {
                cur.append(c);
                inArg = true;
            }
        }
        if (inArg) argv.add(cur.toString());
        return argv;
    }

    /** AGI(url,arg1,arg2…): commas separate, as the dialplan passes them. */
    private static List<String> splitArgs(String data) {
        List<String> parts = new ArrayList<>(List.of(data.split(",", -1)));
        return parts;
    }
}
