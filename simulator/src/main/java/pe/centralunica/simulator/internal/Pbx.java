package pe.centralunica.simulator.internal;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialplan interpreter and its applications (NoOp, Set, Goto, GotoIf, Answer, Hangup, Playback, Wait,
 * Ringing, AGI, Queue, Dial). A non-zero application result ends the call, as in pbx.c.
 */
public final class Pbx {
    private static final Logger log = LoggerFactory.getLogger(Pbx.class);
    /** Result of EXEC/dialplan for an application that does not exist (res_agi answers {@code result=-2}). */
    public static final int NO_SUCH_APP = -2;
    private static final int MAX_STEPS = 10_000;

    private final Engine engine;

    public Pbx(Engine engine) {
        this.engine = engine;
    }

    public void run(CallRun call, String context, String exten, int priority) {
        Channel ch = call.channel();
        String lastContext = null;
        for (int steps = 0; steps < MAX_STEPS && !ch.isHungUp(); steps++) {
            String[] redirect = ch.takeRedirect();
            if (redirect != null) {
                context = redirect[0];
                exten = redirect[1];
                priority = resolvePriority(context, exten, redirect[2]).orElse(1);
            }
            String lookupExten = exten;
            Optional<Dialplan.Extension> ext = engine.dialplan.context(context).flatMap(c -> c.find(lookupExten));
            if (ext.isEmpty()) {
                log.debug("{}: no extension {}@{}", ch, exten, context);
                return;
            }
            Optional<Dialplan.Step> step = ext.get().step(priority);
            if (step.isEmpty()) return; // fell off the end: autofallthrough hangs up
            if (!context.equals(lastContext)) {
                call.enteredContext(context);
                lastContext = context;
            }
            ch.setPosition(context, exten, priority);
            String app = step.get().app();
            String data = substitute(ch, step.get().appData());
            String ctx = context;
            String ex = exten;
            int pr = priority;
            call.traced(ctx + "," + ex + "," + pr + " " + app + "(" + data + ")");
            ch.setApplication(app, data);
            engine.bus.publish(() -> AmiEvent.bus("Newexten", "dialplan").channel(ch).add("Extension", ex)
                    .add("Application", app).add("AppData", data));
            String[] jump = switch (app.toLowerCase()) {
                case "goto" -> data.split(",", -1);
                case "gotoif" -> gotoIf(data);
                default -> null;
            };
            if (app.equalsIgnoreCase("goto") || app.equalsIgnoreCase("gotoif")) {
                if (jump == null || jump.length == 0 || jump[0].isEmpty() && jump.length == 1) {
                    priority++;
                    continue;
                }
                String nc = jump.length >= 3 ? jump[0].strip() : context;
                String ne = jump.length >= 2 ? jump[jump.length - 2].strip() : exten;
                String np = jump[jump.length - 1].strip();
                Optional<Integer> p = resolvePriority(nc, ne, np);
                if (p.isEmpty()) {
                    log.warn("{}: Goto target {},{},{} does not exist", ch, nc, ne, np);
                    return;
                }
                context = nc;
                exten = ne;
                priority = p.get();
                continue;
            }
            int result = exec(call, app, data);
            if (ch.takeRedirectPeek()) continue; // an AMI Redirect ended the application: the loop applies it
            if (ch.timedOut() && !ch.isHungUp()) {
                // TIMEOUT(absolute) expired: pbx.c clears it and continues at T,1 when the context has T, else hangs up.
                ch.takeTimeout();
                String here = context;
                if (engine.dialplan.context(here).flatMap(c -> c.find("T")).isEmpty()) {
                    engine.hangupChannel(ch, 16);
                    return;
                }
                exten = "T";
                priority = 1;
                continue;
            }
            if (result != 0) return;
            priority++;
        }
    }

    private Optional<Integer> resolvePriority(String context, String exten, String priority) {
        try {
            return Optional.of(Integer.parseInt(priority));
        } catch (NumberFormatException e) {
            return engine.dialplan.context(context).flatMap(c -> c.find(exten)).flatMap(x -> x.label(priority));
        }
    }

    /** GotoIf(cond?iftrue[:iffalse]): the destination chosen, or null to continue at the next priority. */
    private static String[] gotoIf(String data) {
        int q = data.indexOf('?');
        if (q < 0) return null;
        boolean cond = Expressions.isTrue(data.substring(0, q));
        String dests = data.substring(q + 1);
        int colon = dests.indexOf(':');
        String chosen = cond ? (colon < 0 ? dests : dests.substring(0, colon)) : (colon < 0 ? "" : dests.substring(colon + 1));
        return chosen.isBlank() ? null : chosen.split(",", -1);
    }

    public String substitute(Channel ch, String text) {
        return Expressions.substitute(text, name -> lookup(ch, name));
    }

    /** Channel variables, globals and the few functions our dialplan and scripts use. */
    public String lookup(Channel ch, String name) {
        int paren = name.indexOf('(');
        if (paren > 0 && name.endsWith(")")) {
            String fn = name.substring(0, paren).toUpperCase();
            String arg = name.substring(paren + 1, name.length() - 1).strip();
            return switch (fn) {
                case "CALLERID" -> switch (arg.toLowerCase()) {
                    case "num", "number" -> ch.callerIdNum();
                    case "name" -> ch.callerIdName();
                    case "all" -> ch.callerIdName().isEmpty() ? ch.callerIdNum()
                            : "\"" + ch.callerIdName() + "\" <" + ch.callerIdNum() + ">";
                    case "dnid" -> ch.dnid();
                    default -> "";
                };
                case "LEN" -> Integer.toString(arg.length());
                case "CHANNEL" -> switch (arg.toLowerCase()) {
                    case "name" -> ch.name();
                    case "uniqueid" -> ch.uniqueid();
                    case "linkedid" -> ch.linkedid();
                    case "state" -> ch.state().desc;
                    default -> "";
                };
                case "GLOBAL" -> engine.globals.get(arg);
                // Asterisk's IF: true unless empty or "0"; ${IF(cond?then:else)}, either branch may be empty.
                case "IF" -> {
                    int q = arg.indexOf('?');
                    if (q < 0) yield "";
                    String cond = arg.substring(0, q).strip();
                    String branches = arg.substring(q + 1);
                    int colon = branches.indexOf(':');
                    boolean yes = !cond.isEmpty() && !cond.equals("0");
                    yield yes ? (colon < 0 ? branches : branches.substring(0, colon)) : (colon < 0 ? "" : branches.substring(colon + 1));
                }
                // As app_queue's: "1" for a configured queue, "0" otherwise, "" (and a warning there) for no name.
                case "QUEUE_EXISTS" -> arg.isEmpty() ? "" : engine.queue(arg).isPresent() ? "1" : "0";
                default -> null;
            };
        }
        return switch (name) {
            case "EXTEN" -> ch.exten();
            case "CONTEXT" -> ch.context();
            case "PRIORITY" -> Integer.toString(ch.priority());
            case "CHANNEL" -> ch.name();
            case "UNIQUEID" -> ch.uniqueid();
            case "EPOCH" -> Long.toString(System.currentTimeMillis() / 1000);
            default -> {
                String v = ch.getVariable(name);
                yield v != null ? v : engine.globals.get(name);
            }
        };
    }

    /** Runs one application; also what AGI EXEC calls. */
    public int exec(CallRun call, String app, String data) {
        Channel ch = call.channel();
        switch (app.toLowerCase()) {
            // MixMonitor: accepted, records nothing (the stand-in carries no audio).
            case "noop", "verbose", "log", "ringing", "progress", "startmusiconhold", "stopmusiconhold",
                 "musiconhold", "mixmonitor" -> {
                return ch.isHungUp() ? -1 : 0;
            }
            case "senddtmf" -> {
                // the ;2 side of a Local pair presses digits that the ;1 side (running our IVR) receives
                String[] a = data.split(",", -1);
                long duration = a.length > 1 && !a[1].isBlank() ? SimQueue.parseInt(a[1]) : 100;
                Channel target = call.partner() != null ? call.partner() : ch;
                for (char d : a[0].toCharArray()) {
                    if (!ch.sleep(100)) return -1;
                    target.pushDigit(d);
                    if (!ch.sleep(Math.max(0, duration - 100))) return -1;
                }
                return 0;
            }
            case "set" -> {
                int eq = data.indexOf('=');
                if (eq <= 0) return 0;
                String key = data.substring(0, eq).strip();
                String value = data.substring(eq + 1);
                if (key.startsWith("GLOBAL(") && key.endsWith(")")) engine.globals.put(key.substring(7, key.length() - 1), value);
                else if (key.equalsIgnoreCase("TIMEOUT(absolute)")) engine.setAbsoluteTimeout(ch, value);
                else ch.setVariable(key, value);
                return 0;
            }
            case "mset" -> {
                // MSet(name1=value1,name2=value2,…): several channel variables at once (values without commas).
                for (String pair : data.split(",")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) ch.setVariable(pair.substring(0, eq).strip(), pair.substring(eq + 1));
                }
                return 0;
            }
            case "answer" -> {
                if (ch.state() != ChannelState.UP) ch.setState(ChannelState.UP);
                return ch.isHungUp() ? -1 : 0;
            }
            case "hangup" -> {
                int cause = SimQueue.parseInt(data) == 0 ? 16 : SimQueue.parseInt(data);
                engine.bus.publish(() -> AmiEvent.bus("SoftHangupRequest", "call").channel(ch).add("Cause", cause));
                ch.hangup(cause);
                return -1;
            }
            case "wait" -> {
                return ch.sleep(SimQueue.parseSeconds(data)) ? 0 : -1;
            }
            case "playback" -> {
                boolean ok = true;
                for (String file : data.split(",", -1)[0].split("&")) {
                    long samples = engine.sounds.lengthOf(file.strip());
                    if (samples < 0) {
                        ok = false;
                        break;
                    }
                    if (!ch.sleep(Sounds.millis(samples))) return -1;
                }
                ch.setVariable("PLAYBACKSTATUS", ok ? "SUCCESS" : "FAILED");
                return 0;
            }
            case "agi" -> {
                return new AgiSession(engine, call, new Pbx(engine)).run(data);
            }
            case "queue" -> {
                String[] a = data.split(",", -1);
                Optional<SimQueue> q = engine.queue(a[0].strip());
                if (q.isEmpty()) {
                    log.warn("{}: Queue({}) - no such queue", ch, a[0]);
                    ch.setVariable("QUEUESTATUS", "UNKNOWN");
                    return 0;
                }
                return q.get().exec(call, ch, a.length > 1 ? a[1] : "", a.length > 4 ? a[4] : "");
            }
            case "dial" -> {
                return engine.dialer.exec(call, ch, data);
            }
            default -> {
                log.warn("{}: no application '{}' in the simulator", ch, app);
                return NO_SUCH_APP;
            }
        }
    }
}
