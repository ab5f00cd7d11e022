package pe.centralunica.simulator.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.TrunkSpec;

/** The simulated Asterisk's shared state: clock, ids, event bus, dialplan, queues, trunks, live channels. */
public final class Engine implements AutoCloseable {
    public final SimClock clock;
    private final long seed;
    public final ChannelIds ids = new ChannelIds();
    public final EventBus bus = new EventBus();
    public final Dialplan dialplan;
    public final Map<String, String> globals = new ConcurrentHashMap<>();
    public final FaultState faults = new FaultState();
    public final Sounds sounds = new Sounds();
    public final Stats stats = new Stats();
    public final Map<String, String> astDb = new ConcurrentHashMap<>();
    public final Random random;
    public final Duration agiConnectTimeout;
    final Dialer dialer = new Dialer(this);
    private final Map<String, SimQueue> queues = new LinkedHashMap<>();
    private final Map<String, SimTrunk> trunks = new ConcurrentHashMap<>();
    private final Map<String, Channel> live = new ConcurrentHashMap<>();
    private final java.util.Set<java.io.Closeable> agiSockets = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timers;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final long startedEpochMillis = System.currentTimeMillis();

    public Engine(SimClock clock, Dialplan dialplan, List<QueueSpec> queues, List<TrunkSpec> trunks, long seed,
                  Duration agiConnectTimeout) {
        this.clock = clock;
        this.dialplan = dialplan;
        this.globals.putAll(dialplan.globals());
        this.seed = seed;
        this.random = new Random(seed);
        this.agiConnectTimeout = agiConnectTimeout;
        for (QueueSpec q : queues) this.queues.put(q.name(), new SimQueue(this, q));
        for (TrunkSpec t : trunks) this.trunks.put(t.name(), new SimTrunk(t));
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-timers");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A generator of its own for one actor (a queue member), seeded from the run's seed and the actor's name:
     * its draws replay with the same seed whatever other calls happen meanwhile.
     */
    public Random randomFor(String actor) {
        return new Random(seed ^ (actor.hashCode() * 0x9E3779B97F4A7C15L));
    }

    public long uptimeSeconds() {
        return (System.currentTimeMillis() - startedEpochMillis) / 1000;
    }

    public ExecutorService calls() {
        return calls;
    }

    /** Runs {@code task} after a simulated delay. */
    public ScheduledFuture<?> after(long simMillis, Runnable task) {
        // the task runs on a virtual thread: a hang-up may write to a slow FastAGI socket, and the single timer
        // thread must never wait for that
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Engine.class).warn("timer task failed", e);
            }
        };
        return timers.schedule(() -> {
            try {
                calls.execute(guarded);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        }, Math.max(0, clock.realNanos(simMillis)), TimeUnit.NANOSECONDS);
    }

    // ---- queues and trunks ----

    public synchronized Optional<SimQueue> queue(String name) {
        return Optional.ofNullable(queues.get(name));
    }

    public synchronized Collection<SimQueue> queues() {
        return List.copyOf(queues.values());
    }

    public synchronized SimQueue addQueue(QueueSpec spec) {
        return queues.computeIfAbsent(spec.name(), n -> new SimQueue(this, spec));
    }

    public Optional<SimTrunk> trunk(String name) {
        return Optional.ofNullable(trunks.get(name));
    }

    public SimTrunk addTrunk(TrunkSpec spec) {
        return trunks.computeIfAbsent(spec.name(), n -> new SimTrunk(spec));
    }

    SimMember findMember(String iface) {
        for (SimQueue q : queues()) {
            SimMember m = q.findMember(iface);
            if (m != null) return m;
        }
        return null;
    }

    /** A direct Dial to a member's phone: it rings only when logged in and not on a call. */
    boolean claimDirect(SimMember m) {
        SimQueue q = queueOf(m);
        synchronized (q) {
            if (!m.loggedIn || m.busy) return false;
            m.busy = true;
        }
        q.changed();
        return true;
    }

    void releaseDirect(SimMember m) {
        SimQueue q = queueOf(m);
        synchronized (q) {
            m.busy = false;
        }
        q.changed();
    }

    private SimQueue queueOf(SimMember m) {
        for (SimQueue q : queues()) if (q.findMember(m.iface) == m) return q;
        throw new IllegalStateException("member without queue: " + m.iface);
    }

    // ---- channels ----

    public void register(Channel ch) {
        live.put(ch.name(), ch);
    }

    public Optional<Channel> channel(String name) {
        return Optional.ofNullable(live.get(name));
    }

    public Collection<Channel> liveChannels() {
        return List.copyOf(live.values());
    }

    /** Registers a new channel and emits its Newchannel (once). */
    public void announce(Channel ch) {
        if (live.putIfAbsent(ch.name(), ch) != null) return;
        bus.publish(() -> AmiEvent.bus("Newchannel", "call").channel(ch));
    }

    /** The called side of a Queue/Dial attempt: {@code PJSIP/disp-01-0000000c} or a Local {@code ;1}. */
    Channel newOutboundChannel(String iface, Channel caller, String context, String exten) {
        int slash = iface.indexOf('/');
        String tech = iface.substring(0, slash);
        String resource = iface.substring(slash + 1);
        String name;
        if (tech.equals("Local")) {
            if (resource.endsWith("/n")) resource = resource.substring(0, resource.length() - 2);
            name = ids.nextName(tech, resource) + ";1";
        } else {
            int at = resource.indexOf('@');
            name = ids.nextName(tech, at >= 0 ? resource.substring(at + 1) : resource);
        }
        Channel ch = new Channel(name, ids.nextUniqueid(), caller.linkedid(), ChannelState.DOWN, caller.callerIdNum(),
                caller.callerIdName(), clock, bus);
        ch.setConnectedLine(caller.callerIdNum(), caller.callerIdName());
        ch.setPosition(context, exten, 1);
        announce(ch);
        return ch;
    }

    /**
     * {@code Set(TIMEOUT(absolute)=seconds)}, from the dialplan or AGI SET VARIABLE: counted from now, replacing
     * any earlier one; 0 removes it. When it expires the running application ends (an AGI as on a hang-up) and
     * the dialplan continues at the context's {@code T} extension, or the call hangs up (pbx.c).
     *
     * <p>It expires once that long has passed both in simulated time (what prompts and queues take here) and in
     * real time (what the FastAGI server takes, which a time scale does not speed up): a scaled simulation must
     * neither cut a prompt short nor make a live server look slower than it is.
     */
    public void setAbsoluteTimeout(Channel ch, String seconds) {
        long token = ch.rearmTimeout();
        double s;
        try {
            s = Double.parseDouble(seconds.strip());
        } catch (NumberFormatException e) {
            return; // Asterisk: "Invalid timeout" warning, nothing armed
        }
        if (s <= 0) return;
        long millis = Math.round(s * 1000);
        long delayNanos = Math.max(clock.realNanos(millis), TimeUnit.MILLISECONDS.toNanos(millis));
        timers.schedule(() -> {
            try {
                calls.execute(() -> ch.expireTimeout(token));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    public void hangupChannel(Channel ch, int cause) {
        ch.hangup(cause == 0 ? 16 : cause);
        if (live.remove(ch.name()) == null) return;
        bus.publish(() -> AmiEvent.bus("Hangup", "call").channel(ch).add("Cause", cause).add("Cause-txt", causeText(cause)));
    }

    public static String causeText(int cause) {
        return switch (cause) {
            case 16 -> "Normal Clearing";
            case 17 -> "User busy";
            case 19 -> "No user responding";
            case 21 -> "Call Rejected";
            case 34 -> "Circuit/channel congestion";
            case 0 -> "Unknown";
            default -> "Cause " + cause;
        };
    }

    String bridgeEnter(Channel a, Channel b) {
        String id = SimQueue.bridgeId();
        bus.publish(() -> bridge(AmiEvent.bus("BridgeCreate", "call"), id, 0));
        bus.publish(() -> bridge(AmiEvent.bus("BridgeEnter", "call"), id, 1).channel(b));
        bus.publish(() -> bridge(AmiEvent.bus("BridgeEnter", "call"), id, 2).channel(a));
        a.setVariable("BRIDGEPEER", b.name());
        b.setVariable("BRIDGEPEER", a.name());
        return id;
    }

    /** The side that hung up leaves first (then {@code between}, e.g. its Hangup), then the other side (02). */
    void bridgeLeave(String id, Channel first, Runnable between, Channel second) {
        first.setVariable("BRIDGEPEER", "");
        second.setVariable("BRIDGEPEER", "");
        bus.publish(() -> bridge(AmiEvent.bus("BridgeLeave", "call"), id, 1).channel(first));
        between.run();
        bus.publish(() -> bridge(AmiEvent.bus("BridgeLeave", "call"), id, 0).channel(second));
        bus.publish(() -> bridge(AmiEvent.bus("BridgeDestroy", "call"), id, 0));
    }

    private static AmiEvent bridge(AmiEvent e, String id, int channels) {
        return e.add("BridgeUniqueid", id).add("BridgeType", "basic").add("BridgeTechnology", "simple_bridge")
                .add("BridgeCreator", "<unknown>").add("BridgeName", "<unknown>").add("BridgeNumChannels", channels)
                .add("BridgeVideoSourceMode", "none");
    }

    /** FastAGI connections in progress, closed at shutdown so no call waits for a server. */
    void agiOpened(java.io.Closeable socket) {
        agiSockets.add(socket);
    }

    void agiClosed(java.io.Closeable socket) {
        agiSockets.remove(socket);
    }

    @Override
    public void close() {
        for (Channel ch : liveChannels()) ch.hangup(16);
        for (java.io.Closeable s : agiSockets) {
            try {
                s.close();
            } catch (java.io.IOException e) {
                // closing anyway
            }
        }
        calls.shutdown();
        try {
            if (!calls.awaitTermination(5, TimeUnit.SECONDS)) calls.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
    }
}
