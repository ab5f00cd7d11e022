package pe.centralunica.console.kpi;

import pe.centralunica.console.live.QueueDirectory;
import pe.centralunica.router.live.DispatcherState;
import pe.centralunica.router.live.LiveCall;
import pe.centralunica.router.live.LiveCalls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The wallboard's live half, from the AMI tracker's memory (no database): per agency owning a queue, callers waiting
 * (queued or ringing a dispatcher) with the longest wait since arrival, and dispatchers free / busy / paused. A phone
 * that is a member of several queues of one agency counts once; test calls (CU_TEST=1) are left out.
 */
final class LiveDesks {

    private final LiveCalls live;
    private final QueueDirectory queues;

    public LiveDesks(LiveCalls live, QueueDirectory queues) {
        this.live = live;
        this.queues = queues;
    }

    public List<DeskNow> now(Instant now) {
        Map<String, int[]> waiting = new TreeMap<>();      // agency → {count}
        Map<String, long[]> longest = new TreeMap<>();     // agency → {seconds}
        for (LiveCall call : live.active()) {
            if ((call.state() == LiveCall.State.QUEUED || call.state() == LiveCall.State.RINGING)
                    && !call.variable("CU_TEST").map(v -> v.equals("1") || v.equalsIgnoreCase("true")).orElse(false)) {
                String agency = queues.agencyOf(call.queue()).orElse("-");
                waiting.computeIfAbsent(agency, a -> new int[1])[0]++;
                long seconds = Math.max(0, Duration.between(call.arrivedAt(), now).toSeconds());
                long[] max = longest.computeIfAbsent(agency, a -> new long[1]);
                max[0] = Math.max(max[0], seconds);
            }
        }
        Map<String, Set<String>> free = new TreeMap<>();
        Map<String, Set<String>> busy = new TreeMap<>();
        Map<String, Set<String>> paused = new TreeMap<>();
        for (DispatcherState d : live.dispatchers()) {
            if (!d.loggedIn()) {
                continue;
            }
            String agency = queues.agencyOf(Optional.of(d.queue())).orElse("-");
            Map<String, Set<String>> bucket = d.paused() ? paused : d.busy() ? busy : free;
            bucket.computeIfAbsent(agency, a -> new HashSet<>()).add(d.iface());
        }
        Set<String> agencies = new java.util.TreeSet<>(waiting.keySet());
        agencies.addAll(free.keySet());
        agencies.addAll(busy.keySet());
        agencies.addAll(paused.keySet());
        List<DeskNow> out = new ArrayList<>();
        for (String a : agencies) {
            Set<String> b = busy.getOrDefault(a, Set.of());
            Set<String> p = paused.getOrDefault(a, Set.of());
            // a phone busy on one queue is not free on another of the same agency; paused wins over both
            Set<String> f = new HashSet<>(free.getOrDefault(a, Set.of()));
            f.removeAll(b);
            f.removeAll(p);
            Set<String> bb = new HashSet<>(b);
            bb.removeAll(p);
            out.add(new DeskNow(a, waiting.containsKey(a) ? waiting.get(a)[0] : 0,
                    longest.containsKey(a) ? longest.get(a)[0] : 0, f.size(), bb.size(), p.size()));
        }
        return out;
    }
}
