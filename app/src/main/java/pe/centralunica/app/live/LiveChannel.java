package pe.centralunica.app.live;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.app.security.Sessions;
import pe.centralunica.app.security.User;
import pe.centralunica.router.live.LiveCall;
import pe.centralunica.router.live.LiveCalls;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The console's live feed over a WebSocket at /api/live: {"type":"queue","calls":[…],"dispatchers":[…]} whenever the visible
 * queue may have changed (coalesced to one push per {@link #COALESCE_MS}), {"type":"pop",…} when the user's
 * phone is connected to a call, {"type":"popEnded"} when that call leaves it. Each socket belongs to one
 * session: the session is re-checked every {@link #RECHECK_MS}; when it has ended the socket is closed (4401).
 */
public final class LiveChannel {

    private static final Logger LOG = LoggerFactory.getLogger(LiveChannel.class);
    static final long COALESCE_MS = 100;
    static final long RECHECK_MS = 30_000;

    private final Vertx vertx;
    private final LiveCalls live;
    private final LiveView view;
    private final ScreenPops pops;
    private final Sessions sessions;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    public LiveChannel(Vertx vertx, LiveCalls live, LiveView view, ScreenPops pops, Sessions sessions) {
        this.vertx = vertx;
        this.live = live;
        this.view = view;
        this.pops = pops;
        this.sessions = sessions;
        live.onChange(this::changed);
    }

    /** Starts feeding a socket whose session was checked at the handshake. */
    public void attach(ServerWebSocket socket, Sessions.Session session) {
        Subscriber s = new Subscriber(socket, session, vertx.getOrCreateContext());
        subscribers.add(s);
        long recheck = vertx.setPeriodic(RECHECK_MS, id -> Thread.ofVirtual().start(() -> {
            if (sessions.resolve(session.token()).isEmpty()) {
                vertx.runOnContext(v -> socket.close((short) 4401, "session ended"));
            }
        }));
        socket.closeHandler(v -> {
            subscribers.remove(s);
            vertx.cancelTimer(recheck);
        });
        socket.handler(buffer -> {
            // The feed is one-way; anything the page sends is ignored.
        });
        s.pushQueue();
        s.user().phoneInterface().flatMap(live::connectedTo).ifPresent(s::pop);
    }

    /** On the tracker's thread: never blocks. */
    private void changed(LiveCall call) {
        for (Subscriber s : subscribers) {
            s.scheduleQueuePush();
            String phone = s.user().phoneInterface().orElse(null);
            if (phone == null) {
                continue;
            }
            boolean connectedHere = call.state() == LiveCall.State.CONNECTED && phone.equals(call.answeredBy().orElse(null));
            if (connectedHere && !call.uniqueid().equals(s.popped)) {
                s.pop(call);
            } else if (!connectedHere && call.uniqueid().equals(s.popped)) {
                s.popped = null;
                s.send(new JsonObject().put("type", "popEnded").put("uniqueid", call.uniqueid()));
            }
        }
    }

    int subscribers() {
        return subscribers.size();
    }

    private final class Subscriber {
        final ServerWebSocket socket;
        final Sessions.Session session;
        final Context context;
        final AtomicBoolean pushPending = new AtomicBoolean();
        volatile String popped;

        /** {@code context}: the socket's event loop, where every write to it happens. */
        Subscriber(ServerWebSocket socket, Sessions.Session session, Context context) {
            this.socket = socket;
            this.session = session;
            this.context = context;
        }

        User user() {
            return session.user();
        }

        void scheduleQueuePush() {
            if (pushPending.compareAndSet(false, true)) {
                vertx.setTimer(COALESCE_MS, id -> {
                    pushPending.set(false);
                    pushQueue();
                });
            }
        }

        void pushQueue() {
            send(new JsonObject().put("type", "queue").put("calls", view.queueFor(user()))
                    .put("dispatchers", view.dispatchersFor(user())));
        }

        void pop(LiveCall call) {
            popped = call.uniqueid();
            Thread.ofVirtual().name("screen-pop").start(() -> {
                try {
                    JsonObject pop = pops.build(call);
                    if (Objects.equals(popped, call.uniqueid())) {
                        send(new JsonObject().put("type", "pop").put("pop", pop));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Screen pop for {} failed: {}", call.uniqueid(), e.toString());
                    send(new JsonObject().put("type", "pop").put("pop", new JsonObject()
                            .put("live", view.json(call, java.time.Instant.now())).put("error", "details unavailable")));
                }
            });
        }

        void send(JsonObject message) {
            context.runOnContext(v -> {
                if (!socket.isClosed()) {
                    socket.writeTextMessage(message.encode());
                }
            });
        }
    }
}
