package pe.centralunica.router.live;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.router.AvailabilityBoard;

/**
 * Queue members (dispatcher phones) and what they mean for routing: a queue with no logged-in, unpaused member
 * gets its route target marked down on the {@link AvailabilityBoard}, and up again when someone is back.
 * Written only by the tracker's thread; read from anywhere (immutable states in a concurrent map). Listeners hear
 * of every change of a state (logged in or out, paused, busy, on a call), on the tracker's thread.
 */
final class Dispatchers {
    /** Device states that mean "not logged in": 4 invalid, 5 unavailable (app_queue's AST_DEVICE_*). */
    private static final Set<Integer> ABSENT = Set.of(4, 5);
    /** In use, busy, ringing, ringing in use, on hold. */
    private static final Set<Integer> BUSY = Set.of(2, 3, 6, 7, 8);
    private static final Logger log = LoggerFactory.getLogger(Dispatchers.class);

    private final Map<String, DispatcherState> states = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AvailabilityBoard board;
    private final TargetDirectory targets;
    /** Targets this tracker marked down (others' marks, e.g. the SIP probe's, are never lifted here). */
    private final Set<String> markedDown = new HashSet<>();
    private Set<String> snapshotQueues;
    private Set<String> snapshotMembers;

    Dispatchers(AvailabilityBoard board, TargetDirectory targets) {
        this.board = board;
        this.targets = targets;
    }

    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void put(String key, DispatcherState state) {
        if (!state.equals(states.put(key, state))) {
            changed();
        }
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    /** Applies {@code change} to every state; listeners hear once if anything changed. */
    private void replaceAll(java.util.function.UnaryOperator<DispatcherState> change) {
        boolean any = false;
        for (Map.Entry<String, DispatcherState> e : states.entrySet()) {
            DispatcherState next = change.apply(e.getValue());
            if (!next.equals(e.getValue())) {
                e.setValue(next);
                any = true;
            }
        }
        if (any) {
            changed();
        }
    }

    private static String key(String queue, String iface) {
        return queue + "|" + iface;
    }

    List<DispatcherState> all() {
        List<DispatcherState> out = new ArrayList<>(states.values());
        out.sort(Comparator.comparing(DispatcherState::queue).thenComparing(DispatcherState::iface));
        return out;
    }

    /** A member's state as reported by QueueMemberStatus / QueueMember / QueueMemberAdded. */
    void member(String queue, String iface, String name, Integer status, Boolean paused, Integer inCall) {
        if (queue == null || iface == null) {
            return;
        }
        DispatcherState old = states.get(key(queue, iface));
        boolean loggedIn = status == null ? old == null || old.loggedIn() : !ABSENT.contains(status);
        boolean busy = (inCall != null && inCall > 0) || (status != null && BUSY.contains(status));
        boolean isPaused = paused != null ? paused : old != null && old.paused();
        String display = name == null || name.isBlank() ? (old == null ? iface : old.name()) : name;
        Optional<String> onCall = old == null ? Optional.empty() : old.onCall();
        put(key(queue, iface), new DispatcherState(iface, display, queue, loggedIn, isPaused, busy, onCall));
        if (snapshotMembers != null) {
            snapshotMembers.add(key(queue, iface));
        }
        evaluate(queue);
    }

    void paused(String queue, String iface, boolean paused) {
        DispatcherState old = states.get(key(queue, iface));
        if (old == null) {
            member(queue, iface, iface, null, paused, null);
            return;
        }
        put(key(queue, iface), new DispatcherState(iface, old.name(), queue, old.loggedIn(), paused, old.busy(), old.onCall()));
        evaluate(queue);
    }

    /** A dynamic member removed from the queue: logged out (kept on the list so the console can show it). */
    void removed(String queue, String iface) {
        DispatcherState old = states.get(key(queue, iface));
        String name = old == null ? iface : old.name();
        put(key(queue, iface), new DispatcherState(iface, name, queue, false, false, false, Optional.empty()));
        evaluate(queue);
    }

    /** The phone took (uniqueid) or left (empty) a call, in every queue it is a member of. */
    void onCall(String iface, Optional<String> uniqueid) {
        replaceAll(s -> s.iface().equals(iface)
                ? new DispatcherState(s.iface(), s.name(), s.queue(), s.loggedIn(), s.paused(),
                        uniqueid.isPresent() || (s.busy() && s.onCall().isEmpty()), uniqueid)
                : s);
    }

    /** Clears onCall of whoever had this call (the call ended without AgentComplete, e.g. link down). */
    void callEnded(String uniqueid) {
        replaceAll(s -> s.onCall().filter(uniqueid::equals).isPresent()
                ? new DispatcherState(s.iface(), s.name(), s.queue(), s.loggedIn(), s.paused(), false, Optional.empty())
                : s);
    }

    /**
     * The interface of the member the queue log names {@code agent} (queue_log writes the member's name, which is
     * its interface when queues.conf gave none).
     */
    Optional<String> interfaceOf(String queue, String agent) {
        if (agent == null || agent.isBlank()) {
            return Optional.empty();
        }
        Optional<String> inQueue = states.values().stream()
                .filter(s -> s.queue().equals(queue) && (agent.equals(s.name()) || agent.equals(s.iface())))
                .map(DispatcherState::iface).findFirst();
        return inQueue.or(() -> states.values().stream().filter(s -> agent.equals(s.name()) || agent.equals(s.iface()))
                .map(DispatcherState::iface).findFirst());
    }

    Optional<String> callOf(String iface) {
        return states.values().stream().filter(s -> s.iface().equals(iface)).map(DispatcherState::onCall)
                .flatMap(Optional::stream).findFirst();
    }

    // ---- resync from QueueStatus ----

    void beginSnapshot() {
        snapshotQueues = new HashSet<>();
        snapshotMembers = new HashSet<>();
    }

    void snapshotQueue(String queue) {
        if (snapshotQueues != null && queue != null) {
            snapshotQueues.add(queue);
        }
    }

    /** QueueStatusComplete: members of the listed queues that were not listed are gone. */
    void endSnapshot() {
        if (snapshotQueues == null) {
            return;
        }
        Set<String> queues = snapshotQueues;
        Set<String> seen = snapshotMembers;
        snapshotQueues = null;
        snapshotMembers = null;
        for (DispatcherState s : List.copyOf(states.values())) {
            if (queues.contains(s.queue()) && !seen.contains(key(s.queue(), s.iface())) && s.loggedIn()) {
                removed(s.queue(), s.iface());
            }
        }
        queues.forEach(this::evaluate);
    }

    private void evaluate(String queue) {
        Optional<String> target = targets.queueTarget(queue);
        if (target.isEmpty()) {
            return;
        }
        boolean anyLoggedIn = false;
        boolean anyReady = false;
        for (DispatcherState s : states.values()) {
            if (s.queue().equals(queue) && s.loggedIn()) {
                anyLoggedIn = true;
                anyReady |= !s.paused();
            }
        }
        String code = target.get();
        if (anyReady) {
            if (markedDown.remove(code)) {
                board.markUp(code);
                log.info("queue {} staffed again: {} up", queue, code);
            }
        } else {
            String reason = anyLoggedIn ? "all dispatchers paused in queue " + queue
                    : "no dispatcher logged in to queue " + queue;
            board.markDown(code, reason);
            if (markedDown.add(code)) {
                log.warn("{}: {} down", reason, code);
            }
        }
    }
}
