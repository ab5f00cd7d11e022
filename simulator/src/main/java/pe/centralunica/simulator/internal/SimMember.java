package pe.centralunica.simulator.internal;

import java.time.Duration;
import java.util.Optional;
import pe.centralunica.simulator.MemberControl;
import pe.centralunica.simulator.MemberSpec;

/** A queue member's state; guarded by its queue's lock except for the volatile behaviour settings. */
public final class SimMember implements MemberControl {
    final String iface;
    final String memberName;
    private final SimQueue queue;
    volatile Optional<Duration> answerAfter;
    volatile Duration talkFor;
    volatile Duration wrapUp;
    boolean loggedIn;
    boolean paused;
    String pausedReason = "";
    boolean busy;
    long availableAtSim;
    long lastCallSim;
    int callsTaken;
    /** Last caller this member failed to answer, and when it may be rung again for them (retry). */
    Channel lastMissed;
    long missedUntilSim;

    SimMember(SimQueue queue, MemberSpec spec) {
        this.queue = queue;
        this.iface = spec.iface();
        this.memberName = spec.memberName();
        this.answerAfter = spec.answerAfter();
        this.talkFor = spec.talkFor();
        this.wrapUp = spec.wrapUp();
        this.loggedIn = spec.loggedIn();
        this.paused = spec.startsPaused();
    }

    /** Status as QueueMemberStatus reports it: 1 not in use, 2 in use, 5 unavailable. */
    int deviceStatus() {
        if (!loggedIn) return 5;
        return busy ? 2 : 1;
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
        });
        return this;
    }

    @Override
    public MemberControl unpause() {
        queue.update(this, m -> {
            m.paused = false;
            m.pausedReason = "";
        });
        return this;
    }

    @Override
    public MemberControl answerAfter(Duration d) {
        answerAfter = Optional.of(d);
        return this;
    }

    @Override
    public MemberControl neverAnswers() {
        answerAfter = Optional.empty();
        return this;
    }

    @Override
    public MemberControl talkFor(Duration d) {
        talkFor = d;
        return this;
    }

    @Override public boolean loggedIn() { synchronized (queue) { return loggedIn; } }
    @Override public boolean paused() { synchronized (queue) { return paused; } }
    @Override public boolean inCall() { synchronized (queue) { return busy; } }
    @Override public int callsTaken() { synchronized (queue) { return callsTaken; } }
}
