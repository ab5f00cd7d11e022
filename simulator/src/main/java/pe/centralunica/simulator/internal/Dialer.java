package pe.centralunica.simulator.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * Dial(target[&target…],timeout,options) against simulated trunks ({@code PJSIP/105@trunk-pnp}) and queue
 * members' phones ({@code PJSIP/disp-01}). Sets DIALSTATUS (ANSWER, NOANSWER, BUSY, CONGESTION, CHANUNAVAIL,
 * CANCEL). Returns 0 when the caller should continue (no answer; or answered with option g), -1 when the call
 * is over (the bridged call ended, or the caller hung up), as app_dial does.
 */
final class Dialer {
    private final Engine engine;

    Dialer(Engine engine) {
        this.engine = engine;
    }

    private record Target(String dialString, String tech, String resource, SimTrunk trunk, SimMember member) {
    }

    int exec(CallRun call, Channel ch, String data) {
        String[] args = data.split(",", -1);
        String targets = args[0];
        long timeoutMs = args.length > 1 ? SimQueue.parseSeconds(args[1]) : 0;
        String options = args.length > 2 ? args[2] : "";
        long start = engine.clock.nowMillis();
        long deadline = timeoutMs > 0 ? start + timeoutMs : Long.MAX_VALUE;
        Target chosen = null;
        String status = "CHANUNAVAIL";
        for (String t : targets.split("&")) {
            Target target = resolve(t.strip());
            if (target == null) continue;
            chosen = target;
            break;
        }
        if (chosen == null) {
            ch.setVariable("DIALSTATUS", status);
            return 0;
        }
        Target target = chosen;
        String failure = precheck(target);
        if (failure != null) {
            ch.setVariable("DIALSTATUS", failure);
            return 0;
        }
        Channel dest = engine.newOutboundChannel(target.tech + "/" + target.resource(), ch, "from-dial", ch.exten());
        EventBus bus = engine.bus;
        bus.publish(() -> AmiEvent.bus("DialBegin", "call").channel(ch).channel("Dest", dest)
                .add("DialString", target.dialString.substring(target.dialString.indexOf('/') + 1)));
        dest.setState(ChannelState.RINGING);
        bus.publish(() -> AmiEvent.bus("DialState", "call").channel(ch).channel("Dest", dest).add("DialStatus", "RINGING"));
        long answerAt;
        Duration talkFor;
        if (target.trunk != null) {
            SimTrunk tr = target.trunk;
            answerAt = switch (tr.state()) {
                case UP -> start + tr.answerAfterValue().toMillis();
                default -> Long.MAX_VALUE; // NO_ANSWER; BUSY/CONGESTED ring briefly, below
            };
            talkFor = tr.talkForValue();
            if (tr.state() == pe.centralunica.simulator.TrunkSpec.TrunkState.BUSY
                    || tr.state() == pe.centralunica.simulator.TrunkSpec.TrunkState.CONGESTED) {
                ch.waitUntil(Math.min(deadline, start + 500), () -> false);
                String s = tr.state() == pe.centralunica.simulator.TrunkSpec.TrunkState.BUSY ? "BUSY" : "CONGESTION";
                return endUnanswered(ch, dest, ch.interrupted() ? "CANCEL" : s, target);
            }
        } else {
            answerAt = target.member.answerDelayForThisRing().map(d -> start + d.toMillis()).orElse(Long.MAX_VALUE);
            talkFor = target.member.talkForThisCall();
        }
        ch.waitUntil(Math.min(answerAt, deadline), () -> false);
        long now = engine.clock.nowMillis();
        if (ch.interrupted()) return endUnanswered(ch, dest, "CANCEL", target);
        if (now < answerAt || answerAt > deadline) return endUnanswered(ch, dest, "NOANSWER", target);
        dest.setState(ChannelState.UP);
        bus.publish(() -> AmiEvent.bus("DialEnd", "call").channel(ch).channel("Dest", dest).add("DialStatus", "ANSWER"));
        ch.setVariable("DIALSTATUS", "ANSWER");
        ch.setVariable("DIALEDPEERNAME", dest.name());
        if (ch.state() != ChannelState.UP) ch.setState(ChannelState.UP);
        String bridge = engine.bridgeEnter(ch, dest);
        call.answered(target.trunk != null ? target.trunk.name() : target.member.iface, target.dialString);
        if (target.trunk != null) target.trunk.countAnswered();
        long talkStart = engine.clock.nowMillis();
        Runnable unwatch = dest.onHangup(ch::signal);
        ch.waitUntil(talkStart + talkFor.toMillis(), dest::isHungUp);
        unwatch.run();
        ch.setVariable("ANSWEREDTIME", Long.toString((engine.clock.nowMillis() - talkStart) / 1000));
        engine.bridgeLeave(bridge, dest, () -> engine.hangupChannel(dest, 16), ch);
        if (target.member != null) target.member.lastCallSim = engine.clock.nowMillis();
        if (ch.interrupted()) return -1;
        return options.contains("g") ? 0 : -1;
    }

    private int endUnanswered(Channel ch, Channel dest, String status, Target target) {
        engine.bus.publish(() -> AmiEvent.bus("DialEnd", "call").channel(ch).channel("Dest", dest).add("DialStatus", status));
        engine.hangupChannel(dest, status.equals("BUSY") ? 17 : status.equals("CONGESTION") ? 34 : 16);
        if (target.member != null) engine.releaseDirect(target.member);
        ch.setVariable("DIALSTATUS", status);
        return status.equals("CANCEL") ? -1 : 0;
    }

    /** Status that ends the attempt before anything rings, or null. */
    private String precheck(Target t) {
        if (t.trunk != null) {
            return t.trunk.state() == pe.centralunica.simulator.TrunkSpec.TrunkState.DOWN ? "CHANUNAVAIL" : null;
        }
        return engine.claimDirect(t.member) ? null : "CHANUNAVAIL";
    }

    private Target resolve(String dialString) {
        int slash = dialString.indexOf('/');
        if (slash < 0) return null;
        String tech = dialString.substring(0, slash);
        String resource = dialString.substring(slash + 1);
        int at = resource.indexOf('@');
        if (at >= 0) {
            Optional<SimTrunk> trunk = engine.trunk(resource.substring(at + 1));
            if (trunk.isPresent()) return new Target(dialString, tech, trunk.get().name(), trunk.get(), null);
        }
        Optional<SimTrunk> trunk = engine.trunk(resource);
        if (trunk.isPresent()) return new Target(dialString, tech, resource, trunk.get(), null);
        SimMember m = engine.findMember(dialString);
        return m == null ? null : new Target(dialString, tech, resource, null, m);
    }
}
