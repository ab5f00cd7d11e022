package pe.centralunica.simulator.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A simulated channel: identity, dialplan position, variables, the caller's DTMF and hang-up. Every blocking
 * application waits through {@link #waitUntil}, which returns early on hang-up, on a new digit or on
 * {@link #signal()} (queues signal their waiting callers), so nothing sleeps past a hang-up.
 */
public final class Channel {
    public record Snapshot(String name, ChannelState state, String callerIdNum, String callerIdName, String connectedNum,
                           String connectedName, String context, String exten, int priority, String uniqueid,
                           String linkedid) {
    }

    private final String name;
    private final String tech;
    private final String uniqueid;
    private final String linkedid;
    private final SimClock clock;
    private final EventBus bus;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final ArrayDeque<Character> digits = new ArrayDeque<>();
    private final List<Runnable> hangupListeners = new CopyOnWriteArrayList<>();
    private final long createdSimMillis;
    private volatile ChannelState state;
    private volatile String callerIdNum;
    private volatile String callerIdName;
    private volatile String connectedNum = "<unknown>";
    private volatile String connectedName = "<unknown>";
    private volatile String context = "";
    private volatile String exten = "";
    private volatile int priority = 1;
    private volatile String dnid = "unknown";
    private volatile boolean hungUp;
    private volatile int hangupCause = 16;
    private volatile Long answeredSimMillis;
    private volatile String[] pendingRedirect;
    // TIMEOUT(absolute) expired: a soft hang-up that the dialplan's T extension clears (pbx.c), not a hang-up.
    private volatile boolean timedOut;
    private long timeoutGeneration;
    private final List<Runnable> timeoutListeners = new CopyOnWriteArrayList<>();

    public Channel(String name, String uniqueid, String linkedid, ChannelState state, String callerIdNum,
                   String callerIdName, SimClock clock, EventBus bus) {
        this.name = name;
        this.tech = name.substring(0, name.indexOf('/'));
        this.uniqueid = uniqueid;
        this.linkedid = linkedid == null ? uniqueid : linkedid;
        this.state = state;
        this.callerIdNum = callerIdNum;
        this.callerIdName = callerIdName;
        this.clock = clock;
        this.bus = bus;
        this.createdSimMillis = clock.nowMillis();
    }

    public String name() { return name; }
    public String tech() { return tech; }
    public String uniqueid() { return uniqueid; }
    public String linkedid() { return linkedid; }
    public SimClock clock() { return clock; }
    public EventBus bus() { return bus; }
    public ChannelState state() { return state; }
    public String callerIdNum() { return callerIdNum; }
    public String callerIdName() { return callerIdName; }
    public String context() { return context; }
    public String exten() { return exten; }
    public int priority() { return priority; }
    public String dnid() { return dnid; }
    public long createdSimMillis() { return createdSimMillis; }
    public Long answeredSimMillis() { return answeredSimMillis; }

    public void setDnid(String dnid) { this.dnid = dnid; }

    private volatile String application = "";
    private volatile String applicationData = "";

    public void setApplication(String app, String data) {
        this.application = app;
        this.applicationData = data;
    }

    public String application() { return application; }
    public String applicationData() { return applicationData; }

    public void setConnectedLine(String num, String name) {
        this.connectedNum = num;
        this.connectedName = name;
    }

    public void setCallerId(String num, String name) {
        this.callerIdNum = num;
        this.callerIdName = name;
    }

    public void setPosition(String context, String exten, int priority) {
        this.context = context;
        this.exten = exten;
        this.priority = priority;
    }

    public Snapshot snapshot() {
        return new Snapshot(name, state, callerIdNum, callerIdName, connectedNum, connectedName, context, exten,
                priority, uniqueid, linkedid);
    }

    public void setState(ChannelState newState) {
        if (state == newState) return;
        state = newState;
        if (newState == ChannelState.UP && answeredSimMillis == null) answeredSimMillis = clock.nowMillis();
        bus.publish(() -> AmiEvent.bus("Newstate", "call").channel(this));
    }

    // ---- variables ----

    public String getVariable(String key) {
        lock.lock();
        try {
            return variables.get(key);
        } finally {
            lock.unlock();
        }
    }

    public void setVariable(String key, String value) {
        lock.lock();
        try {
            variables.put(key, value == null ? "" : value);
        } finally {
            lock.unlock();
        }
        bus.publish(() -> AmiEvent.bus("VarSet", "dialplan").channel(this).add("Variable", key).add("Value", value));
    }

    public Map<String, String> variables() {
        lock.lock();
        try {
            return Map.copyOf(variables);
        } finally {
            lock.unlock();
        }
    }

    // ---- DTMF ----

    /** The caller pressed a digit: it waits on the channel until a key-reading command reads or discards it. */
    public void pushDigit(char digit) {
        lock.lock();
        try {
            if (hungUp) return;
            digits.addLast(digit);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        bus.publish(() -> AmiEvent.bus("DTMFBegin", "dtmf").channel(this).add("Digit", String.valueOf(digit))
                .add("Direction", "Received"));
        bus.publish(() -> AmiEvent.bus("DTMFEnd", "dtmf").channel(this).add("Digit", String.valueOf(digit))
                .add("DurationMs", "250").add("Direction", "Received"));
    }

    /**
     * Drops keys pressed while no key-reading command ran: a real Asterisk's res_agi reads and discards the
     * channel's frames between commands, so STREAM FILE, GET DATA and WAIT FOR DIGIT only see keys pressed
     * after they start.
     */
    public void discardPendingDigits() {
        lock.lock();
        try {
            digits.clear();
        } finally {
            lock.unlock();
        }
    }

    /** The next pressed digit, or null. */
    public Character pollDigit() {
        lock.lock();
        try {
            return digits.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    public boolean hasDigit() {
        lock.lock();
        try {
            return !digits.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    // ---- hang-up ----

    public boolean isHungUp() {
        return hungUp;
    }

    public int hangupCause() {
        return hangupCause;
    }

    /** Requests the hang-up (caller, AMI, fault); whoever runs the channel ends and reports it. */
    public void hangup(int cause) {
        List<Runnable> toRun;
        lock.lock();
        try {
            if (hungUp) return;
            hungUp = true;
            hangupCause = cause;
            changed.signalAll();
            toRun = new ArrayList<>(hangupListeners);
        } finally {
            lock.unlock();
        }
        for (Runnable r : toRun) r.run();
    }

    /** AMI Redirect: the running application ends and the dialplan continues at context,exten,priority. */
    public void redirect(String context, String exten, String priority) {
        lock.lock();
        try {
            pendingRedirect = new String[] {context, exten, priority};
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The pending redirect (context, exten, priority), cleared. */
    public String[] takeRedirect() {
        lock.lock();
        try {
            String[] r = pendingRedirect;
            pendingRedirect = null;
            return r;
        } finally {
            lock.unlock();
        }
    }

    /** True while a redirect waits to be applied. */
    public boolean takeRedirectPeek() {
        return pendingRedirect != null;
    }

    /** Hung up, redirected or timed out: whatever application runs must end now. */
    public boolean interrupted() {
        return hungUp || pendingRedirect != null || timedOut;
    }

    /** A new absolute timeout replaces the last one (0 = none): the token {@link #expireTimeout} must match. */
    public long rearmTimeout() {
        lock.lock();
        try {
            return ++timeoutGeneration;
        } finally {
            lock.unlock();
        }
    }

    /** The absolute timeout armed as {@code token} expired: the running application ends, as on a hang-up. */
    public void expireTimeout(long token) {
        List<Runnable> toRun;
        lock.lock();
        try {
            if (token != timeoutGeneration || hungUp || timedOut) return;
            timedOut = true;
            changed.signalAll();
            toRun = new ArrayList<>(timeoutListeners);
        } finally {
            lock.unlock();
        }
        for (Runnable r : toRun) r.run();
    }

    /** True while an expired absolute timeout waits for the dialplan (T extension or hang-up). */
    public boolean timedOut() {
        return timedOut;
    }

    /** Clears an expired timeout (the dialplan went to T); true if there was one. */
    public boolean takeTimeout() {
        lock.lock();
        try {
            boolean was = timedOut;
            timedOut = false;
            timeoutGeneration++;
            return was;
        } finally {
            lock.unlock();
        }
    }

    public Runnable onTimeout(Runnable listener) {
        timeoutListeners.add(listener);
        return () -> timeoutListeners.remove(listener);
    }

    public Runnable onHangup(Runnable listener) {
        hangupListeners.add(listener);
        return () -> hangupListeners.remove(listener);
    }

    /** Wakes whoever waits on this channel (queue state changed). */
    public void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code done} is true, the channel hangs up, or the simulated deadline passes
     * ({@code Long.MAX_VALUE} = no deadline). Returns true if {@code done} became true.
     */
    public boolean waitUntil(long deadlineSimMillis, BooleanSupplier done) {
        lock.lock();
        try {
            while (true) {
                if (done.getAsBoolean()) return true;
                if (hungUp || pendingRedirect != null || timedOut) return false;
                long remainingSim = deadlineSimMillis == Long.MAX_VALUE ? Long.MAX_VALUE
                        : deadlineSimMillis - clock.nowMillis();
                if (remainingSim <= 0) return false;
                long nanos = remainingSim == Long.MAX_VALUE ? 1_000_000_000L
                        : Math.max(1, Math.min(clock.realNanos(remainingSim), 1_000_000_000L));
                changed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Waits a simulated time; false if the channel hung up meanwhile. */
    public boolean sleep(long simMillis) {
        long deadline = clock.nowMillis() + simMillis;
        waitUntil(deadline, () -> false);
        return !interrupted();
    }

    @Override
    public String toString() {
        return name;
    }
}
