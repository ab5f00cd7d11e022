package pe.centralunica.ivr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Asterisk side of one FastAGI session, written from the transcripts captured on a real Asterisk 20
 * (/work/shared/asterisk/agi, copied shapes: environment block, LF endings, '200 result= (timeout)',
 * '-1' for a missing sound file, '200 result=-1' then 'HANGUP' then '511' after a hang-up). Keys are scripted
 * per prompt request; every command the IVR sends is kept for assertions.
 */
final class ScriptedAsterisk {

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String script;
    private final List<String> args = new ArrayList<>();
    private String callerId = "987654321";
    private String uniqueid = "1795349192.7";
    private final Deque<String> keys = new ArrayDeque<>();
    private final Map<String, java.util.Deque<Character>> keysDuring = new java.util.HashMap<>();
    private final Set<String> missingSounds = new HashSet<>();
    private int hangUpAtCommand = -1;
    private CountDownLatch holdFirstGetData;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<String> commands = new ArrayList<>();
    private final List<String> variableOrder = new ArrayList<>();
    private boolean closedByServer;
    private String failingApplication = "";

    ScriptedAsterisk(String script, String... args) {
        this.script = script;
        this.args.addAll(List.of(args));
        variables.put("CHANNEL(linkedid)", "1795349192.6");
    }

    ScriptedAsterisk caller(String number) {
        this.callerId = number;
        return this;
    }

    ScriptedAsterisk uniqueid(String id) {
        this.uniqueid = id;
        return this;
    }

    /** Next answers to GET DATA / WAIT FOR DIGIT, in order: digits, or "" for a timeout. */
    ScriptedAsterisk keys(String... answers) {
        keys.addAll(List.of(answers));
        return this;
    }

    /**
     * The caller presses {@code key} while {@code prompt} plays (next time it plays). As on a real Asterisk, it
     * stops a STREAM FILE only when it is one of the command's escape digits; otherwise it is thrown away.
     */
    ScriptedAsterisk keyDuring(String prompt, char key) {
        keysDuring.computeIfAbsent(prompt, p -> new java.util.ArrayDeque<>()).add(key);
        return this;
    }

    ScriptedAsterisk variable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    ScriptedAsterisk missingSound(String name) {
        missingSounds.add(name);
        return this;
    }

    /** The caller hangs up while the n-th command (1-based) runs. */
    ScriptedAsterisk hangUpAtCommand(int n) {
        this.hangUpAtCommand = n;
        return this;
    }

    /** EXEC of {@code app} fails as Asterisk reports it ({@code 200 result=-1}). */
    ScriptedAsterisk failingApplication(String app) {
        this.failingApplication = app;
        return this;
    }

    /** The first GET DATA is answered only once the latch opens (to hold many sessions open at once). */
    ScriptedAsterisk holdFirstGetDataUntil(CountDownLatch latch) {
        this.holdFirstGetData = latch;
        return this;
    }

    ScriptedAsterisk run(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.write(environment(port).getBytes(StandardCharsets.UTF_8));
            out.flush();
            boolean dead = false;
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                StringBuilder reply = new StringBuilder();
                if (!dead && commands.size() == hangUpAtCommand) {
                    dead = true;
                    reply.append(line.startsWith("GET DATA") ? "200 result=-1\nHANGUP\n" : "200 result=-1\nHANGUP\n");
                } else {
                    reply.append(answer(line, dead)).append('\n');
                }
                out.write(reply.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            closedByServer = true;
        }
        return this;
    }

    private String environment(int port) {
        StringBuilder env = new StringBuilder();
        env.append("agi_network: yes\n");
        env.append("agi_network_script: ").append(script).append('\n');
        env.append("agi_request: agi://127.0.0.1:").append(port).append('/').append(script).append('\n');
        env.append("agi_channel: PJSIP/trunk-movistar-00000007\n");
        env.append("agi_language: en\n");
        env.append("agi_type: PJSIP\n");
        env.append("agi_uniqueid: ").append(uniqueid).append('\n');
        env.append("agi_version: 20.20.1\n");
        env.append("agi_callerid: ").append(callerId).append('\n');
        env.append("agi_calleridname: unknown\n");
        env.append("agi_callingpres: 0\nagi_callingani2: 0\nagi_callington: 0\nagi_callingtns: 0\n");
        env.append("agi_dnid: ").append(args.isEmpty() ? "unknown" : args.getFirst()).append('\n');
        env.append("agi_rdnis: unknown\n");
        env.append("agi_context: cu-triage\n");
        env.append("agi_extension: ").append(args.isEmpty() ? "s" : args.getFirst()).append('\n');
        env.append("agi_priority: 3\n");
        env.append("agi_enhanced: 0.0\n");
        env.append("agi_accountcode: \n");
        env.append("agi_threadid: 139661853968064\n");
        for (int i = 0; i < args.size(); i++) {
            env.append("agi_arg_").append(i + 1).append(": ").append(args.get(i)).append('\n');
        }
        env.append('\n');
        return env.toString();
    }

    private String answer(String command, boolean dead) {
        List<String> q = quoted(command);
        if (command.equals("ANSWER")) {
            return dead ? "511 Command Not Permitted on a dead channel or intercept routine" : "200 result=0";
        }
        if (command.startsWith("STREAM FILE")) {
            if (dead) {
                return "511 Command Not Permitted on a dead channel or intercept routine";
            }
            if (missingSounds.contains(q.getFirst())) {
                return "200 result=-1 endpos=0";
            }
            java.util.Deque<Character> pressed = keysDuring.get(q.getFirst());
            Character key = pressed == null ? null : pressed.poll();
            String escapes = q.size() > 1 ? q.get(1) : "";
            return key != null && escapes.indexOf(key) >= 0 ? "200 result=" + (int) key + " endpos=1200" : "200 result=0 endpos=3520";
        }
        if (command.startsWith("GET DATA")) {
            if (dead) {
                return "511 Command Not Permitted on a dead channel or intercept routine";
            }
            if (holdFirstGetData != null) {
                CountDownLatch latch = holdFirstGetData;
                holdFirstGetData = null;
                try {
                    latch.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (missingSounds.contains(q.getFirst())) {
                return "200 result=-1";
            }
            String k = keys.isEmpty() ? "" : keys.poll();
            return k.isEmpty() ? "200 result= (timeout)" : "200 result=" + k;
        }
        if (command.startsWith("WAIT FOR DIGIT")) {
            if (dead) {
                return "511 Command Not Permitted on a dead channel or intercept routine";
            }
            String k = keys.isEmpty() ? "" : keys.poll();
            return "200 result=" + (k.isEmpty() ? 0 : (int) k.charAt(0));
        }
        if (command.startsWith("SET VARIABLE")) {
            variables.put(q.get(0), q.get(1));
            variableOrder.add(q.get(0));
            return "200 result=1";
        }
        if (command.startsWith("GET VARIABLE")) {
            String v = variables.get(q.getFirst());
            return v == null ? "200 result=0" : "200 result=1 (" + v + ")";
        }
        if (command.startsWith("GET FULL VARIABLE")) {
            Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(q.getFirst());
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(sb, Matcher.quoteReplacement(variables.getOrDefault(m.group(1), "")));
            }
            m.appendTail(sb);
            return "200 result=1 (" + sb + ")";
        }
        if (command.startsWith("EXEC")) {
            // EXEC MSet "a=1,b=2" — as Asterisk's MSet: comma-separated name=value pairs.
            String rest = command.substring(4).trim();
            String app = rest.startsWith("\"") ? q.getFirst() : rest.split("\\s+")[0];
            if (app.equalsIgnoreCase(failingApplication)) {
                return "200 result=-1";
            }
            if (!app.equalsIgnoreCase("MSet")) {
                return "200 result=0";
            }
            String argument = rest.startsWith("\"") ? (q.size() > 1 ? q.get(1) : "") : (q.isEmpty() ? "" : q.getFirst());
            for (String pair : argument.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    variables.put(pair.substring(0, eq), pair.substring(eq + 1));
                    variableOrder.add(pair.substring(0, eq));
                }
            }
            return "200 result=0";
        }
        if (command.startsWith("VERBOSE") || command.startsWith("NOOP")) {
            return "200 result=1";
        }
        return "510 Invalid or unknown command";
    }

    private static List<String> quoted(String command) {
        List<String> out = new ArrayList<>();
        Matcher m = QUOTED.matcher(command);
        while (m.find()) {
            out.add(m.group(1).replace("\\\"", "\""));
        }
        return out;
    }

    Map<String, String> variables() {
        return variables;
    }

    /** Names in the order the IVR set them. */
    List<String> setOrder() {
        return variableOrder;
    }

    List<String> commands() {
        return commands;
    }

    long commandsStartingWith(String prefix) {
        return commands.stream().filter(c -> c.startsWith(prefix)).count();
    }

    boolean closedByServer() {
        return closedByServer;
    }
}
