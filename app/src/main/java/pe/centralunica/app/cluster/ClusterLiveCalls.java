package pe.centralunica.app.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.router.live.AmiUnavailableException;
import pe.centralunica.router.live.CallControl;
import pe.centralunica.router.live.DispatcherState;
import pe.centralunica.router.live.LiveCall;
import pe.centralunica.router.live.LiveCalls;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every call of the cluster for this node's consoles: the calls this node tracks, plus those the other nodes track,
 * received over the event bus. Each node publishes each change of its own calls at once, and a snapshot of its calls
 * and dispatcher states every {@link #SNAPSHOT_MS} (which also repairs any change a new member missed). A node not
 * heard from for {@link #STALE_MS} (dead, frozen, gone) is dropped: the node that takes over its Asterisk publishes
 * those calls again after its resync. A dispatcher's action on a call another node tracks is carried out by that node.
 */
public final class ClusterLiveCalls implements LiveCalls, CallControl, AutoCloseable {

    static final String CHANGES = "cu.live.change";
    static final String SNAPSHOTS = "cu.live.snapshot";
    static final String CONTROL = "cu.live.control.";
    static final long SNAPSHOT_MS = 1_000;
    static final long STALE_MS = 3_500;
    private static final long CONTROL_TIMEOUT_MS = 40_000; // a call-back rings the phone for 30 s before answering

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLiveCalls.class);

    /** What one other node last told about its calls. */
    private record Remote(Map<String, LiveCall> calls, List<DispatcherState> dispatchers, long heardAtMillis) {
    }

    private final Vertx vertx;
    private final String node;
    private final LiveCalls local;
    private final CallControl localControl;
    private final Map<String, Remote> remotes = new ConcurrentHashMap<>();
    private final List<Consumer<LiveCall>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> dispatcherListeners = new CopyOnWriteArrayList<>();
    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    private long timer;

    public ClusterLiveCalls(Vertx vertx, String node, LiveCalls local, CallControl localControl) {
        this.vertx = vertx;
        this.node = node;
        this.local = local;
        this.localControl = localControl;
    }

    public ClusterLiveCalls start() {
        local.onChange(call -> {
            listeners.forEach(l -> l.accept(call));
            vertx.eventBus().publish(CHANGES, new JsonObject().put("node", node).put("call", LiveCallJson.call(call)));
        });
        local.onDispatchersChange(() -> dispatcherListeners.forEach(Runnable::run));
        consumers.add(vertx.eventBus().<JsonObject>consumer(CHANGES, m -> remoteChange(m.body())));
        consumers.add(vertx.eventBus().<JsonObject>consumer(SNAPSHOTS, m -> remoteSnapshot(m.body())));
        consumers.add(vertx.eventBus().<JsonObject>consumer(CONTROL + node, this::controlRequest));
        timer = vertx.setPeriodic(SNAPSHOT_MS, id -> {
            vertx.eventBus().publish(SNAPSHOTS, new JsonObject().put("node", node)
                    .put("calls", LiveCallJson.calls(local.active())).put("dispatchers", LiveCallJson.dispatchers(local.dispatchers())));
            dropStale();
        });
        return this;
    }

    private void remoteChange(JsonObject m) {
        String from = m.getString("node");
        if (node.equals(from)) {
            return;
        }
        LiveCall call = LiveCallJson.call(m.getJsonObject("call"));
        remotes.compute(from, (k, r) -> {
            Map<String, LiveCall> calls = new LinkedHashMap<>(r == null ? Map.of() : r.calls());
            if (call.state() == LiveCall.State.ENDED) {
                calls.remove(call.uniqueid());
            } else {
                calls.put(call.uniqueid(), call);
            }
            return new Remote(calls, r == null ? List.of() : r.dispatchers(), System.currentTimeMillis());
        });
        listeners.forEach(l -> l.accept(call));
    }

    private void remoteSnapshot(JsonObject m) {
        String from = m.getString("node");
        if (node.equals(from)) {
            return;
        }
        Map<String, LiveCall> calls = new LinkedHashMap<>();
        for (Object o : m.getJsonArray("calls", new JsonArray())) {
            LiveCall c = LiveCallJson.call((JsonObject) o);
            calls.put(c.uniqueid(), c);
        }
        List<DispatcherState> dispatchers = new ArrayList<>();
        for (Object o : m.getJsonArray("dispatchers", new JsonArray())) {
            dispatchers.add(LiveCallJson.dispatcher((JsonObject) o));
        }
        Remote before = remotes.put(from, new Remote(calls, List.copyOf(dispatchers), System.currentTimeMillis()));
        if (before == null) {
            LOG.info("Live calls of node {} now shown here ({} call(s))", from, calls.size());
        }
        Map<String, LiveCall> old = before == null ? Map.of() : before.calls();
        // Tell the consoles about whatever differs: new or changed calls, and calls that are gone.
        calls.values().stream().filter(c -> !c.equals(old.get(c.uniqueid()))).forEach(c -> listeners.forEach(l -> l.accept(c)));
        old.values().stream().filter(c -> !calls.containsKey(c.uniqueid())).forEach(c -> listeners.forEach(l -> l.accept(c)));
        if (!(before == null ? List.of() : before.dispatchers()).equals(dispatchers)) {
            dispatcherListeners.forEach(Runnable::run);
        }
    }

    private void dropStale() {
        long now = System.currentTimeMillis();
        remotes.entrySet().removeIf(e -> {
            boolean stale = now - e.getValue().heardAtMillis() > STALE_MS;
            if (stale) {
                LOG.warn("Node {} silent for {} ms: its {} live call(s) are no longer shown here until another node tracks"
                        + " them", e.getKey(), STALE_MS, e.getValue().calls().size());
                e.getValue().calls().values().forEach(c -> listeners.forEach(l -> l.accept(c)));
                if (!e.getValue().dispatchers().isEmpty()) {
                    dispatcherListeners.forEach(Runnable::run);
                }
            }
            return stale;
        });
    }

    // ---- LiveCalls ----

    @Override
    public List<LiveCall> active() {
        Map<String, LiveCall> all = new LinkedHashMap<>();
        local.active().forEach(c -> all.put(c.uniqueid(), c));
        // While a lease changes hands both nodes may briefly show a call: the one here wins.
        remotes.values().forEach(r -> r.calls().values().forEach(c -> all.putIfAbsent(c.uniqueid(), c)));
        List<LiveCall> out = new ArrayList<>(all.values());
        out.sort(Comparator.comparing(LiveCall::arrivedAt));
        return out;
    }

    @Override
    public Optional<LiveCall> connectedTo(String memberInterface) {
        return local.connectedTo(memberInterface).or(() -> remotes.values().stream().flatMap(r -> r.calls().values().stream())
                .filter(c -> c.state() == LiveCall.State.CONNECTED && c.answeredBy().filter(memberInterface::equals).isPresent())
                .findFirst());
    }

    @Override
    public List<DispatcherState> dispatchers() {
        Map<String, DispatcherState> all = new LinkedHashMap<>();
        local.dispatchers().forEach(d -> all.put(d.iface() + "|" + d.queue(), d));
        remotes.values().forEach(r -> r.dispatchers().forEach(d -> all.putIfAbsent(d.iface() + "|" + d.queue(), d)));
        return List.copyOf(all.values());
    }

    @Override
    public void onChange(Consumer<LiveCall> listener) {
        listeners.add(listener);
    }

    @Override
    public void onDispatchersChange(Runnable listener) {
        dispatcherListeners.add(listener);
    }

    /** Whether live calls reach this node: its own AMI link, or another node that tracks one. */
    @Override
    public boolean connected() {
        return local.connected() || !remotes.isEmpty();
    }

    /** Nodes whose live calls are shown here now (this one excluded). */
    public int remoteNodes() {
        return remotes.size();
    }

    // ---- CallControl: carried out by the node that tracks the call ----

    @Override
    public CompletableFuture<Void> transfer(String uniqueid, String targetCode, long incidentId) {
        if (local.active().stream().anyMatch(c -> c.uniqueid().equals(uniqueid))) {
            return localControl.transfer(uniqueid, targetCode, incidentId);
        }
        Optional<String> owner = remotes.entrySet().stream().filter(e -> e.getValue().calls().containsKey(uniqueid))
                .map(Map.Entry::getKey).findFirst();
        if (owner.isEmpty()) {
            return localControl.transfer(uniqueid, targetCode, incidentId); // says why it cannot
        }
        return request(owner.get(), new JsonObject().put("op", "transfer").put("uniqueid", uniqueid).put("target", targetCode)
                .put("incidentId", incidentId));
    }

    @Override
    public CompletableFuture<Void> callBack(String memberInterface, String number, long incidentId) {
        boolean here = local.dispatchers().stream().anyMatch(d -> d.iface().equals(memberInterface));
        Optional<String> owner = here ? Optional.empty() : remotes.entrySet().stream()
                .filter(e -> e.getValue().dispatchers().stream().anyMatch(d -> d.iface().equals(memberInterface)))
                .map(Map.Entry::getKey).findFirst();
        if (owner.isEmpty()) {
            return localControl.callBack(memberInterface, number, incidentId);
        }
        return request(owner.get(), new JsonObject().put("op", "callBack").put("iface", memberInterface).put("number", number)
                .put("incidentId", incidentId));
    }

    private CompletableFuture<Void> request(String owner, JsonObject body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.eventBus().<String>request(CONTROL + owner, body, new DeliveryOptions().setSendTimeout(CONTROL_TIMEOUT_MS))
                .onSuccess(r -> done.complete(null))
                .onFailure(e -> done.completeExceptionally(new AmiUnavailableException("node " + owner + ": " + e.getMessage())));
        return done;
    }

    private void controlRequest(Message<JsonObject> m) {
        JsonObject b = m.body();
        CompletableFuture<Void> action = switch (b.getString("op", "")) {
            case "transfer" -> localControl.transfer(b.getString("uniqueid"), b.getString("target"), b.getLong("incidentId"));
            case "callBack" -> localControl.callBack(b.getString("iface"), b.getString("number"), b.getLong("incidentId"));
            default -> CompletableFuture.failedFuture(new IllegalArgumentException("unknown action " + b.getString("op")));
        };
        action.whenComplete((v, e) -> {
            if (e == null) {
                m.reply("done");
            } else {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                m.fail(500, cause.getMessage());
            }
        });
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        consumers.forEach(MessageConsumer::unregister);
    }
}
