package pe.centralunica.console.live;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.console.security.Sessions;
import pe.centralunica.console.security.User;
import pe.centralunica.router.live.LiveCall;
import pe.centralunica.router.live.LiveCalls;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The console's live feed over a WebSocket at /api/live: {"type":"queue","calls":[…],"dispatchers":[…]} whenever the visible
 * queue may have changed (coalesced to one push per {@link #COALESCE_MS}), {"type":"pop",…} when the user's
 * phone is connected to a call, {"type":"popUpdate",…} when that pop gained its call record or incident from
 * PostgreSQL after it was shown ({@link PopRefresh}), {"type":"popEnded"} when that call leaves it. Each socket belongs to one
 * session: the session is re-checked every {@link #RECHECK_MS}; when it has ended the socket is closed (4401).
 *
 * <p>Memory stays bounded whatever a client does: a socket's write queue is capped at
 * {@link #WRITE_QUEUE_BYTES}; while it is full, queue snapshots are not queued but merged — the next one, built
 * when the queue drains, carries every change — and a client that has not drained for {@link #SLOW_CLIENT_MS}
 * (a laptop that dropped off Wi-Fi) is closed (4408); its page reconnects and gets a fresh snapshot.
 */
public final class LiveChannel {

    private static final Logger LOG = LoggerFactory.getLogger(LiveChannel.class);
    static final long COALESCE_MS = 100;
    static final long RECHECK_MS = 30_000;
    static final int WRITE_QUEUE_BYTES = 256 * 1024;
    static final long SLOW_CLIENT_MS = 15_000;

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
        live.onDispatchersChange(this::dispatchersChanged);
    }

    /** Starts feeding a socket whose session was checked at the handshake. */
    public void attach(ServerWebSocket socket, Sessions.Session session) {
        Subscriber s = new Subscriber(socket, session, vertx.getOrCreateContext());
        socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        subscribers.add(s);
        // Every few seconds: close a client that stopped reading, else ping it (keeps the HTTP idle timeout
        // from closing a quiet but healthy feed).
        long slowCheck = vertx.setPeriodic(Math.max(1_000, SLOW_CLIENT_MS / 3), id -> s.context.runOnContext(v -> {
            s.closeIfTooSlow();
            if (!socket.isClosed() && s.behindSinceMillis == 0) {
                socket.writePing(io.vertx.core.buffer.Buffer.buffer());
            }
        }));
        long recheck = vertx.setPeriodic(RECHECK_MS, id -> Thread.ofVirtual().start(() -> {
            if (sessions.resolve(session.token()).isEmpty()) {
                vertx.runOnContext(v -> socket.close((short) 4401, "session ended"));
            }
        }));
        socket.closeHandler(v -> {
            subscribers.remove(s);
            vertx.cancelTimer(recheck);
            vertx.cancelTimer(slowCheck);
        });
        socket.handler(buffer -> {
            // The feed is one-way; anything the page sends is ignored.
        });
        s.pushQueue();
        s.user().phoneInterface().flatMap(live::connectedTo).ifPresent(s::pop);
    }

    /** On the tracker's thread: never blocks. A supervisor sees a dispatcher pause or log out without waiting for a call. */
    private void dispatchersChanged() {
        subscribers.forEach(Subscriber::scheduleQueuePush);
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
        /** When the write queue was first found full (0: not behind); only touched on {@link #context}. */
        long behindSinceMillis;
        /** Set once the node decided to close a slow client (the close handshake itself may take a while). */
        boolean closing;

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
            context.runOnContext(v -> {
                if (socket.isClosed()) {
                    return;
                }
                if (closing) {
                    return;
                }
                if (socket.writeQueueFull()) {
                    fallBehind(); // merged: the snapshot written at drain carries this change too
                    return;
                }
                socket.writeTextMessage(new JsonObject().put("type", "queue").put("calls", view.queueFor(user()))
                        .put("dispatchers", view.dispatchersFor(user())).encode());
            });
        }

        /** On {@link #context}: remember since when, push a merged snapshot once drained, close if too slow. */
        void fallBehind() {
            if (behindSinceMillis == 0) {
                behindSinceMillis = System.currentTimeMillis();
                socket.drainHandler(v -> {
                    behindSinceMillis = 0;
                    socket.drainHandler(null);
                    pushQueue();
                });
            }
            closeIfTooSlow();
        }

        void closeIfTooSlow() {
            if (!closing && behindSinceMillis != 0 && System.currentTimeMillis() - behindSinceMillis > SLOW_CLIENT_MS
                    && !socket.isClosed()) {
                closing = true;
                LOG.warn("Live feed of {} closed: the client read nothing for {} s (write queue full)", user().username(),
                        SLOW_CLIENT_MS / 1000);
                socket.close((short) 4408, "client too slow");
            }
        }

        void pop(LiveCall call) {
            popped = call.uniqueid();
            Thread.ofVirtual().name("screen-pop").start(() -> {
                try {
                    JsonObject pop = pops.build(call);
                    if (Objects.equals(popped, call.uniqueid())) {
                        send(new JsonObject().put("type", "pop").put("pop", pop));
                        if (!PopRefresh.complete(pop)) {
                            refreshLater(call.uniqueid(), pop, 0);
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Screen pop for {} failed: {}", call.uniqueid(), e.toString());
                    send(new JsonObject().put("type", "pop").put("pop", new JsonObject()
                            .put("live", view.json(call, java.time.Instant.now())).put("error", "details unavailable")));
                }
            });
        }

        /**
         * The records of a call answered quickly may not be in PostgreSQL yet: rebuild its pop on
         * {@link PopRefresh#DELAYS_MS} while it is still this user's call, push what it gained, stop once complete.
         */
        void refreshLater(String uniqueid, JsonObject shown, int attempt) {
            if (attempt >= PopRefresh.DELAYS_MS.size()) {
                // Debug only: calls that never get an incident (fallbacks) end here too; stalled shipping has its own health check.
                LOG.debug("Screen pop of call {} for {}: still no incident in PostgreSQL {} s after the pop; no more refreshes",
                        uniqueid, user().username(),
                        PopRefresh.DELAYS_MS.stream().mapToLong(Long::longValue).sum() / 1000);
                return;
            }
            vertx.setTimer(PopRefresh.DELAYS_MS.get(attempt), id -> {
                if (socket.isClosed() || !uniqueid.equals(popped)) {
                    return;
                }
                Thread.ofVirtual().name("screen-pop-refresh").start(() -> {
                    // The call as it is now (still connected to this user's phone), not as it was at the pop.
                    String phone = user().phoneInterface().orElse(null);
                    LiveCall now = live.active().stream().filter(c -> c.uniqueid().equals(uniqueid)
                            && c.state() == LiveCall.State.CONNECTED && c.answeredBy().filter(a -> a.equals(phone)).isPresent())
                            .findFirst().orElse(null);
                    if (now == null) {
                        return;
                    }
                    JsonObject fresh;
                    try {
                        fresh = pops.build(now);
                    } catch (RuntimeException e) {
                        LOG.debug("Screen pop refresh for {} failed: {}", uniqueid, e.toString());
                        refreshLater(uniqueid, shown, attempt + 1);
                        return;
                    }
                    if (!uniqueid.equals(popped)) {
                        return;
                    }
                    JsonObject latest = shown;
                    if (PopRefresh.gained(shown, fresh)) {
                        send(new JsonObject().put("type", "popUpdate").put("pop", fresh));
                        latest = fresh;
                    }
                    if (!PopRefresh.complete(latest)) {
                        refreshLater(uniqueid, latest, attempt + 1);
                    }
                });
            });
        }

        /** Pops and their ends: small and rare, written even when behind (the slow-client limit bounds them). */
        void send(JsonObject message) {
            context.runOnContext(v -> {
                if (!socket.isClosed()) {
                    if (socket.writeQueueFull()) {
                        fallBehind();
                    }
                    socket.writeTextMessage(message.encode());
                }
            });
        }
    }
}
