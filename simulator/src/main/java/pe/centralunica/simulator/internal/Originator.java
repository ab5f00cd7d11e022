package pe.centralunica.simulator.internal;

import java.util.List;
import java.util.function.Consumer;

/**
 * AMI Originate: {@code Local/<exten>@<context>} makes a Local pair whose {@code ;2} runs that extension (it
 * "answers" when it runs Answer()), a member phone ({@code PJSIP/disp-01}) or a trunk ({@code PJSIP/x@trunk-pnp})
 * answers as configured. Once answered, {@code ;1} (or the member/trunk channel) runs Context/Exten/Priority or
 * the Application. Reasons as OriginateResponse reports them: 4 answered, 3 no answer, 0 failed.
 */
final class Originator {
    record Request(String dial, String context, String exten, String priority, String application, String data,
                   String callerNum, String callerName, long timeoutMs, List<String> variables, String channelId) {
    }

    record Result(boolean answered, int reason, Channel channel) {
    }

    private final Engine engine;

    Originator(Engine engine) {
        this.engine = engine;
    }

    /** Blocks until the originated channel answered or failed; the call then goes on by itself. */
    Result originate(Request r, Consumer<Result> onAnswerOrFailure) {
        int slash = r.dial().indexOf('/');
        if (slash < 0) return fail(onAnswerOrFailure, 0);
        String tech = r.dial().substring(0, slash);
        String resource = r.dial().substring(slash + 1);
        long deadline = engine.clock.nowMillis() + (r.timeoutMs() > 0 ? r.timeoutMs() : 30_000);
        if (tech.equalsIgnoreCase("Local")) {
            String res = resource.endsWith("/n") ? resource.substring(0, resource.length() - 2) : resource;
            int at = res.indexOf('@');
            String exten = at >= 0 ? res.substring(0, at) : res;
            String ctx = at >= 0 ? res.substring(at + 1) : "default";
            if (engine.dialplan.context(ctx).flatMap(c -> c.find(exten)).isEmpty()) return fail(onAnswerOrFailure, 0);
            String base = engine.ids.nextName("Local", res);
            String uid1 = r.channelId() != null ? r.channelId() : engine.ids.nextUniqueid();
            String uid2 = r.channelId() != null ? r.channelId() + ";2" : engine.ids.nextUniqueid();
            Channel one = new Channel(base + ";1", uid1, null, ChannelState.DOWN, r.callerNum(), r.callerName(),
                    engine.clock, engine.bus);
            Channel two = new Channel(base + ";2", uid2, uid1, ChannelState.DOWN, r.callerNum(), r.callerName(),
                    engine.clock, engine.bus);
            one.setPosition(ctx, exten, 1);
            two.setPosition(ctx, exten, 1);
            engine.announce(one);
            engine.announce(two);
            CallRun calleeSide = CallRun.forChannel(engine, two, one);
            engine.calls().submit(calleeSide::run);
            boolean answered = two.waitUntil(deadline, () -> two.state() == ChannelState.UP);
            if (!answered) {
                two.hangup(19);
                engine.hangupChannel(one, 19);
                return fail(onAnswerOrFailure, 3);
            }
            one.setState(ChannelState.UP);
            return proceed(r, one, two, onAnswerOrFailure);
        }
        // a member's phone or a trunk
        SimMember member = engine.findMember(r.dial());
        int at = resource.indexOf('@');
        SimTrunk trunk = engine.trunk(at >= 0 ? resource.substring(at + 1) : resource).orElse(null);
        if (member == null && trunk == null) return fail(onAnswerOrFailure, 0);
        if (trunk != null && trunk.state() != pe.centralunica.simulator.TrunkSpec.TrunkState.UP
                && trunk.state() != pe.centralunica.simulator.TrunkSpec.TrunkState.NO_ANSWER) {
            return fail(onAnswerOrFailure, 0);
        }
        if (member != null && !engine.claimDirect(member)) return fail(onAnswerOrFailure, 0);
        String name = engine.ids.nextName(tech, trunk != null ? trunk.name() : resource);
        Channel ch = new Channel(name, r.channelId() != null ? r.channelId() : engine.ids.nextUniqueid(), null,
                ChannelState.DOWN, r.callerNum(), r.callerName(), engine.clock, engine.bus);
        ch.setPosition(r.context() == null ? "" : r.context(), r.exten() == null ? "" : r.exten(), 1);
        engine.announce(ch);
        ch.setState(ChannelState.RINGING);
        long answerAfter = member != null ? member.answerDelayForThisRing().map(d -> d.toMillis()).orElse(Long.MAX_VALUE)
                : trunk.state() == pe.centralunica.simulator.TrunkSpec.TrunkState.UP ? trunk.answerAfterValue().toMillis()
                : Long.MAX_VALUE;
        long answerAt = answerAfter == Long.MAX_VALUE ? Long.MAX_VALUE : engine.clock.nowMillis() + answerAfter;
        ch.waitUntil(Math.min(answerAt, deadline), () -> false);
        if (ch.isHungUp() || answerAt > deadline) {
            engine.hangupChannel(ch, 19);
            if (member != null) engine.releaseDirect(member);
            return fail(onAnswerOrFailure, 3);
        }
        ch.setState(ChannelState.UP);
        long talk = member != null ? member.talkForThisCall().toMillis() : trunk.talkForValue().toMillis();
        engine.after(talk, () -> ch.hangup(16)); // the dispatcher / agency hangs up after talking
        if (member != null) ch.onHangup(() -> engine.releaseDirect(member));
        return proceed(r, ch, null, onAnswerOrFailure);
    }

    private Result proceed(Request r, Channel ch, Channel partner, Consumer<Result> report) {
        for (String v : r.variables()) {
            for (String kv : v.split(",")) {
                int eq = kv.indexOf('=');
                if (eq > 0) ch.setVariable(kv.substring(0, eq).strip(), kv.substring(eq + 1));
            }
        }
        Result ok = new Result(true, 4, ch);
        report.accept(ok);
        CallRun run = CallRun.forChannel(engine, ch, partner);
        engine.calls().submit(() -> {
            if (r.application() != null && !r.application().isBlank()) {
                try {
                    new Pbx(engine).exec(run, r.application(), r.data() == null ? "" : r.data());
                } finally {
                    engine.hangupChannel(ch, 16);
                    if (partner != null) partner.hangup(16);
                }
            } else {
                ch.setPosition(r.context(), r.exten(), 1);
                run.runAt(r.context(), r.exten(), r.priority());
            }
        });
        return ok;
    }

    private static Result fail(Consumer<Result> report, int reason) {
        Result r = new Result(false, reason, null);
        report.accept(r);
        return r;
    }
}
