package pe.centralunica.simulator.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import pe.centralunica.simulator.DispatcherHabits;
import pe.centralunica.simulator.MemberControl;
import pe.centralunica.simulator.MemberSpec;

/** A queue member's state; guarded by its queue's lock except for the volatile behaviour settings. */
public final class SimMember implements MemberControl {
    final String iface;
    final String memberName;
    final int penalty;
    private final SimQueue queue;
    volatile Optional<Duration> answerAfter;
    volatile Duration talkFor;
    volatile Duration wrapUp;
    volatile Optional<String> transfersTo;
    /** Per-call times (seeded), when the spec gives them; a runtime answerAfter/neverAnswers/talkFor replaces them. */
    volatile Optional<DispatcherHabits> habits;
    private final Random random;
    boolean loggedIn;
    boolean paused;
    String pausedReason = "";
    boolean busy;
    /** Ringing for a caller (Status 6) rather than talking (Status 2) while busy. */
    boolean ringing;
    String membership = "static";
    final long loginEpoch = System.currentTimeMillis() / 1000;
    long lastPauseEpoch;
    long availableAtSim;
    long lastCallSim;
    int callsTaken;
    /** Last caller this member failed to answer, and when it may be rung again for them (retry). */
    Channel lastMissed;
    long missedUntilSim;

    SimMember(SimQueue queue, MemberSpec spec, Random random) {
        this.queue = queue;
        this.random = random;
        this.habits = spec.habits();
        this.iface = spec.iface();
        this.memberName = spec.memberName();
        this.penalty = spec.penalty();
        this.answerAfter = spec.answerAfter();
        this.talkFor = spec.talkFor();
        this.wrapUp = spec.wrapUp();
        this.transfersTo = spec.transfersTo();
        this.loggedIn = spec.loggedIn();
        this.paused = spec.startsPaused();
    }

    /** How long this ring lasts before the member picks up; empty when they let it go (never answer, or a missed ring). */
    Optional<Duration> answerDelayForThisRing() {
        Optional<DispatcherHabits> h = habits;
        if (h.isEmpty()) return answerAfter;
        synchronized (random) {
            if (random.nextDouble() < h.get().missesRing()) return Optional.empty();
            return Optional.of(h.get().answer().draw(random));
        }
    }

    Duration talkForThisCall() {
        Optional<DispatcherHabits> h = habits;
        if (h.isEmpty()) return talkFor;
        synchronized (random) {
            return h.get().talk().draw(random);
        }
    }

    Duration wrapUpForThisCall() {
        Optional<DispatcherHabits> h = habits;
        if (h.isEmpty()) return wrapUp;
        synchronized (random) {
            return h.get().wrapUp().draw(random);
        }
    }

    /** Status as QueueMemberStatus reports it: 1 not in use, 2 in use, 5 unavailable. */
    int deviceStatus() {
        if (!loggedIn) return 5;
        if (busy) return ringing ? 6 : 2;
        return 1;
    }

    /** The fields QueueMemberStatus / Added / Pause / Removed share (transcript 05b), after Queue. */
    AmiEvent describe(AmiEvent e) {
        return e.add("MemberName", memberName).add("Interface", iface).add("StateInterface", iface)
                .add("Membership", membership).add("Penalty", 0).add("CallsTaken", callsTaken)
                .add("LastCall", lastCallSim == 0 ? 0 : System.currentTimeMillis() / 1000).add("LastPause", lastPauseEpoch)
                .add("LoginTime", loginEpoch).add("InCall", busy && !ringing ? 1 : 0).add("Status", deviceStatus())
                .add("Paused", paused ? 1 : 0).add("PausedReason", pausedReason).add("Ringinuse", 0)
                .add("Wrapuptime", wrapUp.toSeconds());
    }

    boolean available(long nowSim) {
        return loggedIn && !paused && !busy && nowSim >= availableAtSim;
    }

    @Override public String iface() { return iface; }

    @Override
    public MemberControl login() {
        queue.update(this, m -> m.loggedIn = true);
        return this;
    }

    @Override
    public MemberControl logout() {
        queue.update(this, m -> m.loggedIn = false);
        return this;
    }

    @Override
    public MemberControl pause(String reason) {
        queue.update(this, m -> {
            m.paused = true;
            m.pausedReason = reason == null ? "" : reason;
            m.lastPauseEpoch = System.currentTimeMillis() / 1000;
        }, "QueueMemberPause");
        return this;
    }

    @Override
    public MemberControl unpause() {
        queue.update(this, m -> {
            m.paused = false;
            m.pausedReason = "";
        }, "QueueMemberPause");
        return this;
    }

    @Override
    public MemberControl answerAfter(Duration d) {
        habits = Optional.empty();
        answerAfter = Optional.of(d);
        return this;
    }

    @Override
    public MemberControl neverAnswers() {
        habits = Optional.empty();
        answerAfter = Optional.empty();
        return this;
    }

    @Override
    public MemberControl talkFor(Duration d) {
        habits = Optional.empty();
        talkFor = d;
        return this;
    }

    @Override public boolean loggedIn() { synchronized (queue) { return loggedIn; } }
    @Override public boolean paused() { synchronized (queue) { return paused; } }
    @Override public boolean inCall() { synchronized (queue) { return busy; } }
    @Override public int callsTaken() { synchronized (queue) { return callsTaken; } }
}
