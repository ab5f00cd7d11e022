package pe.centralunica.console.desk;

import pe.centralunica.router.live.CallControl;
import pe.centralunica.router.live.DispatcherState;
import pe.centralunica.router.live.LiveCall;
import pe.centralunica.router.live.LiveCalls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** In-memory stand-in for the AMI call tracker: tests put calls, the console reads them; actions are recorded. */
public final class FakeAsterisk implements LiveCalls, CallControl {

    public record Transfer(String uniqueid, String target, long incidentId) {
    }

    public record CallBack(String phone, String number, long incidentId) {
    }

    private final Map<String, LiveCall> calls = new ConcurrentHashMap<>();
    private final List<Consumer<LiveCall>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> dispatcherListeners = new CopyOnWriteArrayList<>();
    public final List<Transfer> transfers = new CopyOnWriteArrayList<>();
    public final List<CallBack> callBacks = new CopyOnWriteArrayList<>();
    public final List<DispatcherState> members = new CopyOnWriteArrayList<>();

    /** A call waiting in {@code queue} with the IVR's variables. */
    public static LiveCall queued(String uniqueid, String callId, String caller, String queue, String type, String district,
                                  String callerClass) {
        Instant now = Instant.now();
        return new LiveCall(Optional.ofNullable(callId), uniqueid, uniqueid, "PJSIP/caller-" + uniqueid, caller, "911",
                LiveCall.State.QUEUED, Optional.of(queue), Optional.of(now.minusSeconds(12)), Optional.empty(), now.minusSeconds(40),
                Map.of("CU_TYPE", type, "CU_DISTRICT", district, "CU_CLASS", callerClass, "CU_LANG", "es"));
    }

    public static LiveCall connected(LiveCall call, String phone) {
        return new LiveCall(call.callId(), call.uniqueid(), call.linkedid(), call.channel(), call.callerNumber(), call.dialled(),
                LiveCall.State.CONNECTED, call.queue(), call.queuedAt(), Optional.of(phone), call.arrivedAt(), call.variables());
    }

    public void put(LiveCall call) {
        if (call.state() == LiveCall.State.ENDED) {
            calls.remove(call.uniqueid());
        } else {
            calls.put(call.uniqueid(), call);
        }
        listeners.forEach(l -> l.accept(call));
    }

    @Override
    public List<LiveCall> active() {
        List<LiveCall> list = new ArrayList<>(calls.values());
        list.sort(java.util.Comparator.comparing(LiveCall::arrivedAt));
        return list;
    }

    @Override
    public Optional<LiveCall> connectedTo(String memberInterface) {
        return calls.values().stream().filter(c -> c.state() == LiveCall.State.CONNECTED
                && c.answeredBy().filter(memberInterface::equals).isPresent()).findFirst();
    }

    @Override
    public List<DispatcherState> dispatchers() {
        return List.copyOf(members);
    }

    @Override
    public void onChange(Consumer<LiveCall> listener) {
        listeners.add(listener);
    }

    @Override
    public void onDispatchersChange(Runnable listener) {
        dispatcherListeners.add(listener);
    }

    /** A member's state changed (after editing {@link #members}), as the tracker reports it. */
    public void dispatchersChanged() {
        dispatcherListeners.forEach(Runnable::run);
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public CompletableFuture<Void> transfer(String uniqueid, String targetCode, long incidentId) {
        transfers.add(new Transfer(uniqueid, targetCode, incidentId));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> callBack(String memberInterface, String number, long incidentId) {
        callBacks.add(new CallBack(memberInterface, number, incidentId));
        return CompletableFuture.completedFuture(null);
    }
}
