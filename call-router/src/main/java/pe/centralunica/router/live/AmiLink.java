package pe.centralunica.router.live;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.internal.ManagerConnectionImpl;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one AMI session up, on its own supervisor thread. asterisk-java never retries a failed first login and
 * sends no keep-alive, so this class owns the link's life: a Ping every {@code pingInterval}, and a link from which
 * nothing (no event, no answer) has come for {@code pingInterval + pingTimeout} is dead (a black-holed, half-open
 * link refuses nothing: silence is the only sign), a socket read timeout as backstop, and on any sign of trouble (ping unanswered, library reconnecting
 * after a drop) the session is abandoned — its Logoff sent in the background, never awaited on a dead link —
 * and a fresh login is tried at once, then with a short doubling backoff. One reconnect policy, ours, instead
 * of the library's slower one racing it. Each session has a generation; events of an old one are ignored.
 *
 * <p>After each login the supervisor asks for CoreShowChannels and QueueStatus. Their list events reach the
 * tracker through the same listener, in stream order with the live events, which is what lets the resync
 * never resurrect a call whose Hangup followed the list.
 */
final class AmiLink implements AutoCloseable {

    /** Where the link reports; called on asterisk-java's pump thread (events) or the supervisor: never block. */
    interface Sink {
        void event(long generation, ManagerEvent event);

        /** A new session is up; its resync lists follow as events. */
        void connected(long generation);

        void disconnected(long generation);
    }

    private static final Logger log = LoggerFactory.getLogger(AmiLink.class);

    private final AmiSettings settings;
    private final Sink sink;
    private final Supplier<ManagerConnection> factory;
    private final Thread supervisor;
    private final AtomicLong loginAttempts = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();
    private volatile ManagerConnection current;
    private volatile long generation;
    private volatile boolean closed;
    private volatile boolean restartRequested;
    private final AtomicLong outages = new AtomicLong();
    /** System.nanoTime() of the last event or Ping answer: a dead link shows only as silence. */
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile long downSinceNanos;
    private volatile Instant downSince;
    private volatile Duration lastDetection = Duration.ZERO;
    private volatile Duration lastOutage = Duration.ZERO;

    AmiLink(AmiSettings settings, Sink sink) {
        this.settings = settings;
        this.sink = sink;
        this.factory = () -> {
            ManagerConnection mc = new ManagerConnectionFactory(settings.host(), settings.port(), settings.user(),
                    settings.secret()).createManagerConnection();
            mc.setSocketReadTimeout((int) settings.readTimeout().toMillis());
            mc.setSocketTimeout((int) settings.actionTimeout().toMillis());
            if (mc instanceof ManagerConnectionImpl impl) {
                // Login's waits (protocol banner, Challenge, Login, version probe) use this: on a black-holed
                // link a login attempt gives up within it instead of the library's default.
                impl.setDefaultResponseTimeout(settings.actionTimeout().toMillis());
                impl.setDefaultEventTimeout(settings.actionTimeout().toMillis());
            }
            return mc;
        };
        this.supervisor = Thread.ofPlatform().name("ami-link").daemon().unstarted(this::supervise);
    }

    void start() {
        supervisor.start();
    }

    boolean up() {
        ManagerConnection mc = current;
        return mc != null && mc.getState() == ManagerConnectionState.CONNECTED;
    }

    long loginAttempts() {
        return loginAttempts.get();
    }

    /** Sessions established so far (1 after the first login; each reconnect adds one). */
    long sessions() {
        return sessions.get();
    }

    AmiLinkStatus status() {
        return new AmiLinkStatus(up(), sessions.get(), loginAttempts.get(), outages.get(), Optional.ofNullable(downSince),
                lastDetection, lastOutage);
    }

    /** Drops the current session and makes a new one (e.g. the tracker lost events: a resync is due). */
    void restart() {
        restartRequested = true;
        supervisor.interrupt();
    }

    /**
     * Sends an action without blocking; the future fails on an error response, a link that is down, or after
     * {@code actionTimeout} (asterisk-java's callbacks never time out by themselves).
     */
    CompletableFuture<ManagerResponse> send(ManagerAction action) {
        CompletableFuture<ManagerResponse> f = new CompletableFuture<>();
        ManagerConnection mc = current;
        if (mc == null || mc.getState() != ManagerConnectionState.CONNECTED) {
            f.completeExceptionally(new AmiUnavailableException("AMI link is down"));
            return f;
        }
        try {
            mc.sendAction(action, response -> {
                lastHeardNanos = System.nanoTime();
                if (response instanceof ManagerError || "Error".equalsIgnoreCase(response.getResponse())) {
                    f.completeExceptionally(new AmiUnavailableException(action.getAction() + " failed: " + response.getMessage()));
                } else {
                    f.complete(response);
                }
            });
        } catch (Exception e) {
            f.completeExceptionally(new AmiUnavailableException(action.getAction() + " not sent: " + e.getMessage()));
        }
        return f.orTimeout(settings.actionTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void supervise() {
        Duration wait = settings.retryMin();
        while (!closed) {
            restartRequested = false;
            Thread.interrupted(); // a restart asked for while not connected has been honoured by this loop
            ManagerConnection mc = factory.get();
            long gen = ++generation;
            mc.addEventListener(e -> {
                if (gen != generation) {
                    return;
                }
                if (e instanceof DisconnectEvent) {
                    if (current != mc) {
                        return; // a failed login's own disconnect: the backoff handles it
                    }
                    // The library would reconnect by itself within ~50 ms and carry on without a resync; ours
                    // replaces the session instead (and resyncs). Only a flag and an interrupt: never block here.
                    restart();
                    return;
                }
                lastHeardNanos = System.nanoTime();
                sink.event(gen, e);
            });
            loginAttempts.incrementAndGet();
            try {
                mc.login("on");
            } catch (Exception e) {
                log.warn("AMI login to {}:{} failed ({}); retrying in {} ms", settings.host(), settings.port(),
                        e.toString(), wait.toMillis());
                quietly(mc);
                if (!pause(wait)) {
                    continue;
                }
                wait = wait.multipliedBy(2).compareTo(settings.retryMax()) > 0 ? settings.retryMax() : wait.multipliedBy(2);
                continue;
            }
            wait = settings.retryMin();
            sessions.incrementAndGet();
            lastHeardNanos = System.nanoTime();
            current = mc;
            if (downSinceNanos != 0) {
                lastOutage = Duration.ofNanos(System.nanoTime() - downSinceNanos);
                downSinceNanos = 0;
                downSince = null;
                log.info("AMI connected to {}:{} again (session {}) after {} ms without it; resyncing", settings.host(),
                        settings.port(), sessions.get(), lastOutage.toMillis());
            } else {
                log.info("AMI connected to {}:{} (session {})", settings.host(), settings.port(), sessions.get());
            }
            sink.connected(gen);
            try {
                long ms = settings.actionTimeout().toMillis();
                mc.sendEventGeneratingAction(new CoreShowChannelsAction(), ms);
                mc.sendEventGeneratingAction(new QueueStatusAction(), ms);
                watch(mc);
            } catch (Exception e) {
                log.warn("AMI session {} failed: {}", sessions.get(), e.toString());
            }
            current = null;
            long now = System.nanoTime();
            if (!closed) {
                outages.incrementAndGet();
                downSinceNanos = now;
                downSince = Instant.now();
                lastDetection = Duration.ofNanos(now - lastHeardNanos);
                log.warn("AMI link to {}:{} lost ({} ms after Asterisk was last heard); reconnecting now", settings.host(),
                        settings.port(), lastDetection.toMillis());
            }
            sink.disconnected(gen);
            Thread.ofVirtual().name("ami-logoff").start(() -> quietly(mc)); // may wait out a dead link: not on us
        }
    }

    /**
     * Returns when the session is no longer trustworthy. A Ping goes out every {@code pingInterval}; anything Asterisk
     * sends (an event, a Ping's answer) proves the link alive, so only silence for {@code pingInterval + pingTimeout}
     * condemns it — a late answer on a busy host while events still flow does not.
     */
    private void watch(ManagerConnection mc) throws Exception {
        long silenceLimit = settings.pingInterval().plus(settings.pingTimeout()).toNanos();
        Duration tick = settings.pingInterval().dividedBy(4).compareTo(Duration.ofMillis(100)) < 0
                ? settings.pingInterval().dividedBy(4) : Duration.ofMillis(100);
        long lastPing = System.nanoTime();
        while (!closed && !restartRequested) {
            if (!pause(tick)) {
                return;
            }
            if (mc.getState() != ManagerConnectionState.CONNECTED) {
                return; // the library saw the drop and is reconnecting on its own: we do that ourselves
            }
            long now = System.nanoTime();
            long silent = now - lastHeardNanos;
            if (silent > silenceLimit) {
                log.warn("AMI link silent for {} ms (a Ping every {} ms, none answered): dead or black-holed",
                        silent / 1_000_000, settings.pingInterval().toMillis());
                return;
            }
            if (now - lastPing >= settings.pingInterval().toNanos()) {
                lastPing = now;
                mc.sendAction(new PingAction(), response -> lastHeardNanos = System.nanoTime());
            }
        }
    }

    /** Sleeps; false when woken early (restart, close). */
    private boolean pause(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            if (restartRequested) {
                restartRequested = false;
            }
            return false;
        }
    }

    private static void quietly(ManagerConnection mc) {
        try {
            ManagerConnectionState s = mc.getState();
            if (s == ManagerConnectionState.CONNECTED || s == ManagerConnectionState.RECONNECTING) {
                mc.logoff(); // also stops the library's own reconnect loop
            }
        } catch (Exception e) {
            log.debug("logoff: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        supervisor.interrupt();
        try {
            supervisor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ManagerConnection mc = current;
        if (mc != null) {
            quietly(mc);
        }
    }
}
