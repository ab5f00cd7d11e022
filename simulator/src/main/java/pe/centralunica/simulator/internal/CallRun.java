package pe.centralunica.simulator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.Disposition;

/**
 * One call's life: its channel (a PJSIP channel, or a Local pair whose {@code ;1} runs the dialplan), the
 * scripted caller (digits, hang-up), the dialplan run, and the outcome.
 */
public final class CallRun {
    public static final String FALLBACK_CONTEXT = "cu-fallback";

    private final Engine engine;
    private final Channel channel;
    private final Channel partner;
    private final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    private final List<String> agiScripts = Collections.synchronizedList(new ArrayList<>());
    private final List<ScheduledFuture<?>> timers = Collections.synchronizedList(new ArrayList<>());
    private final Duration hangsUpAfterAnswer;
    private volatile Duration hangsUpAfterInQueue;
    private volatile ScheduledFuture<?> queuePatience;
    private volatile boolean fallback;
    private volatile String answeredBy;
    private volatile String answeredTarget = "";
    private volatile boolean callerHungUp;
    private final boolean counted;

    private CallRun(Engine engine, Channel channel, Channel partner, Duration hangsUpAfterAnswer, boolean counted) {
        this.engine = engine;
        this.counted = counted;
        this.channel = channel;
        this.partner = partner;
        this.hangsUpAfterAnswer = hangsUpAfterAnswer;
    }

    public Engine engine() { return engine; }
    public Channel channel() { return channel; }
    /** The other half of a Local pair, or null. */
    public Channel partner() { return partner; }

    /** Creates the inbound channel of a scripted caller (not yet running). */
    public static CallRun forScript(Engine engine, CallScript script) {
        String spec = script.channel();
        int slash = spec.indexOf('/');
        String tech = spec.substring(0, slash);
        String resource = spec.substring(slash + 1);
        Channel ch;
        Channel partner = null;
        if (tech.equals("Local")) {
            String base = engine.ids.nextName("Local", resource);
            ch = new Channel(base + ";1", engine.ids.nextUniqueid(), null, ChannelState.UP, script.callerNumber(),
                    script.callerName(), engine.clock, engine.bus);
            partner = new Channel(base + ";2", engine.ids.nextUniqueid(), ch.linkedid(), ChannelState.UP,
                    script.callerNumber(), script.callerName(), engine.clock, engine.bus);
            int at = resource.indexOf('@');
            partner.setPosition(at >= 0 ? resource.substring(at + 1) : "default", at >= 0 ? resource.substring(0, at) : resource, 1);
            ch.setConnectedLine(script.callerNumber(), script.callerName());
            partner.setConnectedLine(script.callerNumber(), script.callerName());
        } else {
            ch = new Channel(engine.ids.nextName(tech, resource), engine.ids.nextUniqueid(), null, ChannelState.RING,
                    script.callerNumber(), script.callerName(), engine.clock, engine.bus);
            ch.setDnid(script.dialled());
        }
        ch.setPosition(script.context(), script.dialled(), 1);
        script.variables().forEach(ch::setVariable);
        CallRun run = new CallRun(engine, ch, partner, script.hangsUpAfterAnswer().orElse(null), true);
        run.hangsUpAfterInQueue = script.hangsUpAfterInQueue().orElse(null);
        for (CallScript.Press p : script.presses()) {
            String digits = p.digits();
            for (int i = 0; i < digits.length(); i++) {
                char d = digits.charAt(i);
                run.timers.add(engine.after(p.at().toMillis() + 250L * i, () -> ch.pushDigit(d)));
            }
        }
        run.timers.add(engine.after(script.hangsUpAfter().toMillis(), run::callerHangsUp));
        return run;
    }

    /** A call whose channel someone else made (AMI Originate). */
    public static CallRun forChannel(Engine engine, Channel channel, Channel partner) {
        return new CallRun(engine, channel, partner, null, false);
    }

    public void callerHangsUp() {
        if (channel.isHungUp()) return;
        callerHungUp = true;
        engine.bus.publish(() -> AmiEvent.bus("HangupRequest", "call").channel(channel).add("Cause", 16));
        channel.hangup(16);
    }

    void answered(String by, String target) {
        answeredBy = by;
        answeredTarget = target;
        if (hangsUpAfterAnswer != null) timers.add(engine.after(hangsUpAfterAnswer.toMillis(), this::callerHangsUp));
    }

    /** The caller joined a queue: their patience there starts. */
    void joinedQueue() {
        Duration d = hangsUpAfterInQueue;
        if (d != null) queuePatience = engine.after(d.toMillis(), this::callerHangsUp);
    }

    /** The caller left the queue (answered, timeout, …): that patience no longer applies. */
    void leftQueue() {
        ScheduledFuture<?> f = queuePatience;
        if (f != null) f.cancel(false);
    }

    void enteredContext(String context) {
        if (context.equals(FALLBACK_CONTEXT)) fallback = true;
    }

    void traced(String line) {
        trace.add(line);
    }

    void agiScript(String script) {
        agiScripts.add(script);
    }

    /** Runs the dialplan from context,exten,priority (a number or a label). */
    public CallOutcome runAt(String context, String exten, String priority) {
        int p;
        try {
            p = Integer.parseInt(priority == null || priority.isBlank() ? "1" : priority.strip());
        } catch (NumberFormatException e) {
            p = engine.dialplan.context(context).flatMap(c -> c.find(exten)).flatMap(x -> x.label(priority)).orElse(1);
        }
        channel.setPosition(context, exten, p);
        return run();
    }

    /** Runs the dialplan from the channel's position to the end and hangs the channel(s) up. */
    public CallOutcome run() {
        if (counted) engine.stats.placed.increment();
        engine.announce(channel);
        if (partner != null) engine.announce(partner);
        try {
            new Pbx(engine).run(this, channel.context(), channel.exten(), channel.priority());
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(CallRun.class).warn("call {} failed in the simulator", channel, e);
        } finally {
            for (ScheduledFuture<?> t : timers) t.cancel(false);
            leftQueue();
            engine.hangupChannel(channel, channel.hangupCause());
            if (partner != null) partner.hangup(16); // its own runner (if any) reports the Hangup
            if (partner != null) engine.hangupChannel(partner, 16);
        }
        Disposition d = answeredBy != null ? Disposition.ANSWERED : callerHungUp ? Disposition.ABANDONED : Disposition.FAILED;
        if (counted) {
            switch (d) {
                case ANSWERED -> engine.stats.answered.increment();
                case ABANDONED -> engine.stats.abandoned.increment();
                case FAILED -> engine.stats.failed.increment();
            }
            if (fallback) engine.stats.fallback.increment();
        }
        return new CallOutcome(channel.uniqueid(), channel.linkedid(), channel.name(), List.copyOf(agiScripts),
                channel.variables(), Optional.ofNullable(answeredBy), answeredTarget, fallback, d, List.copyOf(trace),
                Duration.ofMillis(engine.clock.nowMillis() - channel.createdSimMillis()));
    }
}
