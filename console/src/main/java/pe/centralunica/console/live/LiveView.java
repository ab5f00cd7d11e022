package pe.centralunica.console.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.console.security.User;
import pe.centralunica.router.live.DispatcherState;
import pe.centralunica.router.live.LiveCall;
import pe.centralunica.router.live.LiveCalls;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The live queue as one user may see it: only their central's calls unless their role sees all. */
public final class LiveView {

    private final LiveCalls live;
    private final QueueDirectory queues;

    public LiveView(LiveCalls live, QueueDirectory queues) {
        this.live = live;
        this.queues = queues;
    }

    public JsonArray queueFor(User user) {
        JsonArray out = new JsonArray();
        Instant now = Instant.now();
        for (LiveCall call : live.active()) {
            // Synthetic monitoring calls (CU_TEST=1) prove the number answers; no person should see them queued.
            if (call.state() != LiveCall.State.ENDED && visibleTo(user, call) && !call.variable("CU_TEST").filter("1"::equals).isPresent()) {
                out.add(json(call, now));
            }
        }
        return out;
    }

    /** The queue members (dispatcher phones) of the centrals the user may see: logged in, paused, busy. */
    public JsonArray dispatchersFor(User user) {
        JsonArray out = new JsonArray();
        for (DispatcherState d : live.dispatchers()) {
            if (user.mayWatch(queues.agencyOf(Optional.of(d.queue())))) {
                out.add(new JsonObject().put("iface", d.iface()).put("name", d.name()).put("queue", d.queue())
                        .put("loggedIn", d.loggedIn()).put("paused", d.paused()).put("busy", d.busy())
                        .put("onCall", d.onCall().orElse(null)));
            }
        }
        return out;
    }

    public boolean visibleTo(User user, LiveCall call) {
        return user.mayWatch(queues.agencyOf(call.queue()));
    }

    public Optional<LiveCall> find(String uniqueid) {
        return live.active().stream().filter(c -> c.uniqueid().equals(uniqueid)).findFirst();
    }

    public JsonObject json(LiveCall call, Instant now) {
        String callerClass = call.variable("CU_CLASS").orElse("NORMAL");
        // Since the call arrived, not since it joined this queue: a step that moved the caller must not make
        // them look freshly arrived to the dispatcher (the caller has been waiting all along).
        Instant since = call.arrivedAt();
        return new JsonObject()
                .put("uniqueid", call.uniqueid())
                .put("callId", call.callId().orElse(null))
                .put("callerNumber", call.callerNumber())
                .put("state", call.state().name())
                .put("queue", call.queue().orElse(null))
                .put("agency", queues.agencyOf(call.queue()).orElse(null))
                .put("type", call.variable("CU_TYPE").orElse("UNKNOWN"))
                .put("district", call.variable("CU_DISTRICT").orElse(null))
                .put("callerClass", callerClass)
                .put("panic", callerClass.equals("PANIC"))
                .put("silent", callerClass.equals("SILENT"))
                .put("language", call.variable("CU_LANG").orElse(null))
                .put("answeredBy", call.answeredBy().orElse(null))
                .put("waitSeconds", Math.max(0, Duration.between(since, now).toSeconds()))
                .put("sinceArrivalSeconds", Math.max(0, Duration.between(call.arrivedAt(), now).toSeconds()))
                .put("priority", incidentPriority(call).orElse(null));
    }

    /** The routing decision's priority 1 (most urgent) … 5, from the queue priority the IVR set (6 - priority). */
    private static Optional<Integer> incidentPriority(LiveCall call) {
        try {
            return call.variable("CU_PRIORITY").map(Integer::parseInt).filter(p -> p >= 1 && p <= 5).map(p -> 6 - p);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
