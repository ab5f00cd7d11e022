package pe.centralunica.simulator.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import pe.centralunica.simulator.MemberControl;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueControl;
import pe.centralunica.simulator.QueueSpec;

/**
 * An app_queue queue: callers wait ordered by QUEUE_PRIO (higher first) then arrival; each free member rings
 * one caller (autofill), the member idle longest first. Queue() returns as Asterisk's does: -1 after a bridged
 * call without option c or when the caller hung up, else 0 with QUEUESTATUS (CONTINUE, TIMEOUT, FULL,
 * JOINEMPTY, LEAVEEMPTY). Lock order: a channel's lock may be held while taking this queue's lock, never the
 * reverse (waiting callers are signalled after the queue lock is released).
 */
public final class SimQueue implements QueueControl {
    private final Engine engine;
    private final String name;
    private final QueueSpec spec;
    private final List<SimMember> members = new ArrayList<>();
    private final List<Waiter> waiting = new ArrayList<>();
    private long joinSeq;
    private volatile long version;
    private int completed;
    private int abandoned;
    private long totalHoldSec;
    private long totalTalkSec;

    private static final class Waiter {
        final Channel channel;
        final int prio;
        final long seq;
        final long joinedSim;
        final int originalPosition;
        /** A member is ringing for this caller (it does not compete for another one meanwhile). */
        boolean ringing;

        Waiter(Channel channel, int prio, long seq, long joinedSim, int originalPosition) {
            this.channel = channel;
            this.prio = prio;
            this.seq = seq;
            this.joinedSim = joinedSim;
            this.originalPosition = originalPosition;
        }
    }

    private static final Comparator<Waiter> ORDER =
            Comparator.<Waiter>comparingInt(w -> -w.prio).thenComparingLong(w -> w.seq);

    SimQueue(Engine engine, QueueSpec spec) {
        this.engine = engine;
        this.name = spec.name();
        this.spec = spec;
        for (MemberSpec m : spec.members()) members.add(new SimMember(this, m, engine.randomFor(name + "/" + m.iface())));
    }

    @Override public String name() { return name; }
    public QueueSpec spec() { return spec; }

    // ---- control ----

    @Override
    public synchronized MemberControl member(String iface) {
        for (SimMember m : members) if (m.iface.equals(iface)) return m;
        throw new IllegalArgumentException("no member " + iface + " in queue " + name);
    }

    synchronized SimMember findMember(String iface) {
        for (SimMember m : members) if (m.iface.equals(iface)) return m;
        return null;
    }

    @Override
    public MemberControl add(MemberSpec spec) {
        SimMember m;
        synchronized (this) {
            m = findMember(spec.iface());
            if (m != null) return m;
            m = new SimMember(this, spec, engine.randomFor(name + "/" + spec.iface()));
            m.membership = "dynamic";
            members.add(m);
        }
        SimMember added = m;
        update(added, x -> { }, "QueueMemberAdded");
        return m;
    }

    public boolean remove(String iface) {
        SimMember gone = null;
        synchronized (this) {
            for (SimMember m : members) if (m.iface.equals(iface) && !m.busy) gone = m;
            if (gone != null) members.remove(gone);
        }
        if (gone == null) return false;
        SimMember m = gone;
        AmiEvent e = m.describe(AmiEvent.bus("QueueMemberRemoved", "agent").add("Queue", name));
        engine.bus.publish(() -> e);
        changed();
        return true;
    }

    @Override
    public synchronized List<MemberControl> members() {
        return List.copyOf(members);
    }

    public synchronized List<SimMember> memberStates() {
        return List.copyOf(members);
    }

    @Override public synchronized int waiting() { return waiting.size(); }
    @Override public synchronized int completed() { return completed; }
    @Override public synchronized int abandoned() { return abandoned; }

    public synchronized long holdTimeAvg() { return completed == 0 ? 0 : totalHoldSec / completed; }
    public synchronized long talkTimeAvg() { return completed == 0 ? 0 : totalTalkSec / completed; }

    /** Callers waiting, in queue order, with their wait so far in seconds. */
    public synchronized List<Channel> waitingCallers() {
        return waiting.stream().map(w -> w.channel).toList();
    }

    public synchronized long waitedSeconds(Channel ch) {
        for (Waiter w : waiting) if (w.channel == ch) return (engine.clock.nowMillis() - w.joinedSim) / 1000;
        return 0;
    }

    synchronized int loggedInCount() {
        return (int) members.stream().filter(m -> m.loggedIn).count();
    }

    synchronized int availableCount() {
        long now = engine.clock.nowMillis();
        return (int) members.stream().filter(m -> m.available(now)).count();
    }

    void update(SimMember member, Consumer<SimMember> change) {
        update(member, change, "QueueMemberStatus");
    }

    void update(SimMember member, Consumer<SimMember> change, String event) {
        AmiEvent e;
        synchronized (this) {
            change.accept(member);
            e = engine.bus.active() ? member.describe(AmiEvent.bus(event, "agent").add("Queue", name)) : null;
        }
        if (e != null) engine.bus.publish(() -> e);
        changed();
    }

    /** QueueMemberStatus and DeviceStateChange of a member's phone (ringing, in use, free). */
    private void memberState(SimMember m, String deviceState) {
        AmiEvent e;
        synchronized (this) {
            e = engine.bus.active() ? m.describe(AmiEvent.bus("QueueMemberStatus", "agent").add("Queue", name)) : null;
        }
        if (e == null) return;
        engine.bus.publish(() -> AmiEvent.bus("DeviceStateChange", "call").add("Device", m.iface).add("State", deviceState));
        engine.bus.publish(() -> e);
    }

    /** Something changed: wake every waiting caller so it can try again. */
    void changed() {
        List<Channel> toWake;
        synchronized (this) {
            version++;
            toWake = waiting.stream().map(w -> w.channel).toList();
        }
        for (Channel c : toWake) c.signal();
    }

    private boolean anyLoggedInUnpaused() {
        for (SimMember m : members) if (m.loggedIn && !m.paused) return true;
        return false;
    }

    /**
     * The members this caller may ring now, marked busy: one (the free member idle longest) or, with
     * {@code ringall}, every free member; empty if it is not this caller's turn or nobody is free.
     */
    private synchronized List<SimMember> claim(Waiter w) {
        long now = engine.clock.nowMillis();
        List<SimMember> free = new ArrayList<>();
        for (SimMember m : members) if (m.available(now)) free.add(m);
        if (free.isEmpty()) return List.of();
        // autofill: the first N callers not already ringing someone are served by the N free members
        int index = 0;
        boolean found = false;
        for (Waiter x : waiting) {
            if (x == w) {
                found = true;
                break;
            }
            if (!x.ringing) index++;
        }
        if (!found || index >= free.size()) return List.of();
        free.sort(Comparator.comparingLong(m -> m.lastCallSim));
        List<SimMember> chosen = spec.ringsAll() ? lowestPenalty(free, raisedPenalty(w, now)) : List.of(free.getFirst());
        for (SimMember m : chosen) {
            m.busy = true;
            m.ringing = true;
        }
        w.ringing = true;
        version++;
        return chosen;
    }

    /** ringall rings the free members of the lowest (raised) penalty only, as app_queue's metric does. */
    private static List<SimMember> lowestPenalty(List<SimMember> free, int raise) {
        int best = free.stream().mapToInt(m -> Math.max(m.penalty, raise)).min().orElse(0);
        return free.stream().filter(m -> Math.max(m.penalty, raise) == best).toList();
    }

    /** The caller's QUEUE_RAISE_PENALTY, moved by the queue's rule once it is due; MIN_VALUE when unset. */
    private int raisedPenalty(Waiter w, long now) {
        String set = w.channel.getVariable("QUEUE_RAISE_PENALTY");
        if (set == null || set.isBlank()) return Integer.MIN_VALUE;
        int raise;
        try {
            raise = Integer.parseInt(set.strip());
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
        if (spec.raiseAfter().isPresent() && now - w.joinedSim >= spec.raiseAfter().get().toMillis()) raise = spec.raiseTo();
        return raise;
    }

    private void release(SimMember m, boolean talked, long holdSec, long talkSec) {
        long now = engine.clock.nowMillis();
        long wrap = talked ? m.wrapUpForThisCall().toMillis() : 0;
        synchronized (this) {
            m.busy = false;
            m.ringing = false;
            if (talked) {
                m.callsTaken++;
                m.lastCallSim = now;
                m.availableAtSim = now + wrap;
                completed++;
                totalHoldSec += holdSec;
                totalTalkSec += talkSec;
            }
        }
        if (wrap > 0) engine.after(wrap, this::changed);
        changed();
    }

    // ---- Queue() ----

    /** Runs Queue(name,options,URL,announce,timeout) for a caller; see the class comment for the result. */
    public int exec(CallRun call, Channel ch, String options, String timeoutArg) {
        boolean continueAfter = options.contains("c");
        long timeoutMs = parseSeconds(timeoutArg);
        int prio = parseInt(ch.getVariable("QUEUE_PRIO"));
        SimClock clock = engine.clock;
        long joined = clock.nowMillis();
        long deadline = timeoutMs > 0 ? joined + timeoutMs : Long.MAX_VALUE;
        Waiter w;
        int position;
        int count;
        String refused = null;
        synchronized (this) {
            if (spec.maxLen() > 0 && waiting.size() >= spec.maxLen()) refused = "FULL";
            else if (!spec.joinEmpty() && !anyLoggedInUnpaused()) refused = "JOINEMPTY";
            if (refused == null) {
                w = new Waiter(ch, prio, joinSeq++, joined, waiting.size() + 1);
                waiting.add(w);
                waiting.sort(ORDER);
                position = waiting.indexOf(w) + 1;
                count = waiting.size();
                version++;
            } else {
                w = null;
                position = 0;
                count = 0;
            }
        }
        if (refused != null) {
            ch.setVariable("QUEUESTATUS", refused);
            return 0;
        }
        final int pos = position;
        final int cnt = count;
        engine.bus.publish(() -> AmiEvent.bus("QueueCallerJoin", "agent").channel(ch).add("Queue", name)
                .add("Position", pos).add("Count", cnt));
        engine.bus.publish(() -> AmiEvent.bus("MusicOnHoldStart", "call").channel(ch).add("Class", "default"));
        call.joinedQueue();
        try {
            return waitForMember(call, ch, w, joined, deadline, continueAfter);
        } finally {
            call.leftQueue();
        }
    }

    private int waitForMember(CallRun call, Channel ch, Waiter w, long joined, long deadline, boolean continueAfter) {
        SimClock clock = engine.clock;
        long nextTryAt = joined;
        while (true) {
            if (ch.interrupted()) return abandon(w);
            long now = clock.nowMillis();
            if (now >= deadline) return leave(w, "TIMEOUT");
            if (spec.leavesWhenEmpty()) {
                boolean empty;
                synchronized (this) {
                    empty = !anyLoggedInUnpaused();
                }
                if (empty) return leave(w, "LEAVEEMPTY");
            }
            long seen = version;
            if (now >= nextTryAt) {
                List<SimMember> ms = claim(w);
                if (!ms.isEmpty()) {
                    Integer r = ring(call, ch, w, ms, deadline, continueAfter);
                    if (r != null) return r;
                    nextTryAt = clock.nowMillis() + spec.retry().toMillis();
                    continue;
                }
            }
            long wakeAt = Math.min(deadline, nextTryAt > now ? nextTryAt : Long.MAX_VALUE);
            ch.waitUntil(wakeAt, () -> version != seen);
        }
    }

    /** Rings the claimed members; the call's result, or null if nobody answered (try again). */
    private Integer ring(CallRun call, Channel ch, Waiter w, List<SimMember> ms, long deadline, boolean continueAfter) {
        SimClock clock = engine.clock;
        long ringStart = clock.nowMillis();
        EventBus bus = engine.bus;
        List<Channel> agents = new ArrayList<>();
        int winner = -1;
        long answerAt = Long.MAX_VALUE;
        for (int i = 0; i < ms.size(); i++) {
            SimMember mi = ms.get(i);
            Channel ai = engine.newOutboundChannel(mi.iface, ch, "from-queue", ch.exten());
            agents.add(ai);
            bus.publish(() -> AmiEvent.bus("AgentCalled", "agent").channel(ch).channel("Dest", ai).add("Queue", name)
                    .add("Interface", mi.iface).add("MemberName", mi.memberName));
            bus.publish(() -> AmiEvent.bus("DialBegin", "call").channel(ch).channel("Dest", ai)
                    .add("DialString", dialString(mi.iface)));
            ai.setState(ChannelState.RINGING);
            bus.publish(() -> AmiEvent.bus("DialState", "call").channel(ch).channel("Dest", ai).add("DialStatus", "RINGING"));
            memberState(mi, "RINGING");
            long at = mi.answerDelayForThisRing().map(d -> ringStart + d.toMillis()).orElse(Long.MAX_VALUE);
            if (at < answerAt) {
                answerAt = at;
                winner = i;
            }
        }
        long ringEnd = Math.min(deadline, ringStart + spec.memberTimeout().toMillis());
        ch.waitUntil(Math.min(answerAt, ringEnd), () -> false);
        long now = clock.nowMillis();
        boolean answered = !ch.interrupted() && winner >= 0 && answerAt <= ringEnd && now >= answerAt;
        for (int i = 0; i < ms.size(); i++) {
            if (answered && i == winner) continue;
            SimMember mi = ms.get(i);
            Channel ai = agents.get(i);
            // the losers of a ringall are cancelled; without an answer every member timed out (or the caller left)
            String status = answered || ch.interrupted() ? "CANCEL" : "NOANSWER";
            if (status.equals("NOANSWER")) {
                bus.publish(() -> AmiEvent.bus("AgentRingNoAnswer", "agent").channel(ch).channel("Dest", ai)
                        .add("Queue", name).add("Interface", mi.iface).add("MemberName", mi.memberName)
                        .add("RingTime", (now - ringStart) / 1000));
            }
            bus.publish(() -> AmiEvent.bus("DialEnd", "call").channel(ch).channel("Dest", ai).add("DialStatus", status));
            if (!answered && status.equals("CANCEL")) {
                // app_queue sends the CANCEL DialEnd twice on abandon, and hangs the member up with cause 0 (03)
                bus.publish(() -> AmiEvent.bus("DialEnd", "call").channel(ch).channel("Dest", ai).add("DialStatus", status));
            }
            engine.hangupChannel(ai, status.equals("CANCEL") ? 0 : 16);
            release(mi, false, 0, 0);
            memberState(mi, "NOT_INUSE");
        }
        if (!answered) {
            synchronized (this) {
                w.ringing = false;
            }
            if (ch.interrupted()) return abandon(w);
            return null;
        }
        SimMember m = ms.get(winner);
        Channel agent = agents.get(winner);
        call.leftQueue(); // answered: the caller's patience in the queue no longer counts
        // answered
        agent.setState(ChannelState.UP);
        synchronized (this) {
            m.ringing = false;
        }
        memberState(m, "INUSE");
        long holdSec = (now - w.joinedSim) / 1000;
        long ringSec = (now - ringStart) / 1000;
        bus.publish(() -> AmiEvent.bus("DialEnd", "call").channel(ch).channel("Dest", agent).add("DialStatus", "ANSWER"));
        bus.publish(() -> AmiEvent.bus("MusicOnHoldStop", "call").channel(ch));
        int position = removeWaiter(w);
        int count = waiting();
        bus.publish(() -> AmiEvent.bus("QueueCallerLeave", "agent").channel(ch).add("Queue", name)
                .add("Position", position).add("Count", count));
        ch.setVariable("QUEUEPOSITION", Integer.toString(position));
        ch.setVariable("QUEUEWAIT", Long.toString(holdSec));
        bus.publish(() -> AmiEvent.bus("AgentConnect", "agent").channel(ch).channel("Dest", agent).add("Queue", name)
                .add("Interface", m.iface).add("MemberName", m.memberName).add("HoldTime", holdSec)
                .add("RingTime", ringSec));
        String bridge = engine.bridgeEnter(ch, agent);
        call.answered(m.iface, name);
        long talkStart = clock.nowMillis();
        Runnable unwatch = agent.onHangup(ch::signal); // an AMI Hangup of the agent ends the conversation
        ch.waitUntil(talkStart + m.talkForThisCall().toMillis(), agent::isHungUp);
        unwatch.run();
        boolean callerGone = ch.isHungUp();
        // an AMI Redirect of the caller: the caller leaves the bridge, which app_queue reports as Reason: caller
        boolean redirected = !callerGone && ch.takeRedirectPeek();
        boolean transferred = false;
        if (!callerGone && !redirected && !agent.isHungUp() && m.transfersTo.isPresent()) {
            String[] target = m.transfersTo.get().split("@", 2);
            ch.redirect(target.length > 1 ? target[1] : ch.context(), target[0], "1");
            transferred = true; // the dispatcher's own blind transfer: Reason: transfer
        }
        long talkSec = (clock.nowMillis() - talkStart) / 1000;
        String reason = callerGone || redirected ? "caller" : transferred ? "transfer" : "agent";
        bus.publish(() -> AmiEvent.bus("AgentComplete", "agent").channel(ch).channel("Dest", agent).add("Queue", name)
                .add("Interface", m.iface).add("MemberName", m.memberName).add("HoldTime", holdSec)
                .add("TalkTime", talkSec).add("Reason", reason));
        if (!callerGone && !transferred && !redirected) {
            bus.publish(() -> AmiEvent.bus("HangupRequest", "call").channel(agent).add("Cause", 16));
        }
        engine.bridgeLeave(bridge, agent, () -> engine.hangupChannel(agent, 16), ch);
        release(m, true, holdSec, talkSec);
        memberState(m, "NOT_INUSE");
        if (callerGone || transferred || redirected) return -1; // the dialplan loop applies a redirect first
        if (continueAfter) {
            ch.setVariable("QUEUESTATUS", "CONTINUE");
            return 0;
        }
        return -1;
    }

    static String dialString(String iface) {
        int slash = iface.indexOf('/');
        String s = slash < 0 ? iface : iface.substring(slash + 1);
        return s;
    }

    private synchronized int removeWaiter(Waiter w) {
        int position = waiting.indexOf(w) + 1;
        waiting.remove(w);
        version++;
        return position;
    }

    private int abandon(Waiter w) {
        engine.bus.publish(() -> AmiEvent.bus("MusicOnHoldStop", "call").channel(w.channel));
        int position = removeWaiter(w);
        synchronized (this) {
            abandoned++;
        }
        changed();
        long hold = (engine.clock.nowMillis() - w.joinedSim) / 1000;
        w.channel.setVariable("ABANDONED", "TRUE");
        engine.bus.publish(() -> AmiEvent.bus("QueueCallerAbandon", "agent").channel(w.channel).add("Queue", name)
                .add("Position", position).add("OriginalPosition", w.originalPosition).add("HoldTime", hold));
        return -1;
    }

    private int leave(Waiter w, String status) {
        engine.bus.publish(() -> AmiEvent.bus("MusicOnHoldStop", "call").channel(w.channel));
        int position = removeWaiter(w);
        int count = waiting();
        changed();
        engine.bus.publish(() -> AmiEvent.bus("QueueCallerLeave", "agent").channel(w.channel).add("Queue", name)
                .add("Position", position).add("Count", count));
        w.channel.setVariable("QUEUESTATUS", status);
        return 0;
    }

    static long parseSeconds(String s) {
        if (s == null || s.isBlank()) return 0;
        try {
            return Math.round(Double.parseDouble(s.strip()) * 1000);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static int parseInt(String s) {
        if (s == null || s.isBlank()) return 0;
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "queue " + name;
    }

    static String bridgeId() {
        return UUID.randomUUID().toString();
    }
}
