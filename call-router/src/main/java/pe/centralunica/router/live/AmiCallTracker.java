package pe.centralunica.router.live;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.asteriskjava.manager.action.GetVarAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.journal.CallJournal;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.RouteStep;
import pe.centralunica.router.rules.Target;

/**
 * Live calls and dispatcher states from Asterisk's AMI, the call timeline's queue/answer/hang-up steps in the
 * call journal, queue staffing on the {@link AvailabilityBoard}, and the dispatcher's actions (transfer,
 * call-back) over the same link.
 *
 * <h2>Threads</h2>
 * asterisk-java delivers events on one pump thread; the listener only puts them in a bounded queue and
 * returns. One tracker thread takes them in order and does everything else (state, journal, listeners).
 * If that queue ever overflows, once it is worked off the session is renewed: its resync repairs what was dropped.
 * Readers ({@link #active()}, {@link #dispatchers()}) answer from immutable snapshots and never block.
 */
public final class AmiCallTracker implements LiveCalls, CallControl, AutoCloseable {
    /** Dialplan context a transfer Redirects the caller into (sip-config extensions.conf). */
    public static final String TRANSFER_CONTEXT = "cu-transfer";
    /** Dialplan context a call-back runs on the dispatcher's phone once it answers. */
    public static final String CALLBACK_CONTEXT = "cu-callback";
    /** How long a call-back rings the dispatcher's phone before it counts as not answered. */
    public static final Duration CALLBACK_RING = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(AmiCallTracker.class);
    private static final int INBOX_CAPACITY = 50_000;

    private final AmiSettings settings;
    private final TargetDirectory targets;
    private final Clock clock;
    private final AmiLink link;
    private final CallBook book;
    private final Dispatchers dispatchers;
    private final BlockingQueue<Runnable> inbox;
    /** The AMI session whose events were last handed to the worker (see {@link #sessionSeen}). */
    private final AtomicLong sessionGen = new AtomicLong(-1);
    private final Thread worker;
    private final Map<String, CompletableFuture<Void>> originates = new ConcurrentHashMap<>();
    private final AtomicLong eventsReceived = new AtomicLong();
    private final AtomicLong eventsDropped = new AtomicLong();
    private static final long NONE_DROPPED = Long.MIN_VALUE;
    /** Asterisk time (double bits) of the earliest event dropped since the last resync: where the gap begins. */
    private final AtomicLong firstDropped = new AtomicLong(NONE_DROPPED);
    private volatile boolean closed;
    private volatile boolean overflowed;

    public AmiCallTracker(AmiSettings settings, CallJournal journal, AvailabilityBoard board, TargetDirectory targets) {
        this(settings, journal, board, targets, AsteriskLogs.NONE);
    }

    /**
     * With Asterisk's queue log and CDR log ({@link QueueLogFile}, {@link CdrLogFile}): after an AMI outage, the
     * queue steps the stream lost are written from them, with Asterisk's times, the answering member, and the
     * calls' true ends.
     */
    public AmiCallTracker(AmiSettings settings, CallJournal journal, AvailabilityBoard board, TargetDirectory targets,
                          AsteriskLogs logs) {
        this(settings, journal, board, targets, Clock.systemUTC(), INBOX_CAPACITY, logs);
    }

    AmiCallTracker(AmiSettings settings, CallJournal journal, AvailabilityBoard board, TargetDirectory targets, Clock clock,
                   int inboxCapacity) {
        this(settings, journal, board, targets, clock, inboxCapacity, AsteriskLogs.NONE);
    }

    AmiCallTracker(AmiSettings settings, CallJournal journal, AvailabilityBoard board, TargetDirectory targets, Clock clock,
                   int inboxCapacity, AsteriskLogs logs) {
        this.inbox = new ArrayBlockingQueue<>(inboxCapacity);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.clock = clock;
        this.dispatchers = new Dispatchers(board, targets);
        this.book = new CallBook(new Timeline(journal), dispatchers, clock, this::fetchVariables, logs);
        this.link = new AmiLink(settings, new AmiLink.Sink() {
            @Override
            public void event(long gen, ManagerEvent event) {
                eventsReceived.incrementAndGet();
                sessionSeen(gen);
                if (!handOff(() -> consume(event)) && event.getTimestamp() != null) {
                    firstDropped.accumulateAndGet(Double.doubleToLongBits(event.getTimestamp()),
                            (a, b) -> a == NONE_DROPPED || Double.longBitsToDouble(b) < Double.longBitsToDouble(a) ? b : a);
                }
            }

            @Override
            public void connected(long gen) {
                sessionSeen(gen);
                handOff(book::beginResync);
            }

            @Override
            public void disconnected(long gen) {
                // nothing to forget: the next session's resync corrects the state
            }
        });
        this.worker = Thread.ofPlatform().name("ami-tracker").daemon().unstarted(this::work);
    }

    /**
     * Marks where a new session's events begin in the inbox, once per session: they stream from the login on, so
     * some may precede the session's resync, and the gap the queue log fills must begin before them.
     */
    private void sessionSeen(long gen) {
        if (sessionGen.getAndSet(gen) != gen) {
            handOff(book::sessionBegins);
        }
    }

    /**
     * Before {@link #start()}, on a node taking over from another: the first resync fills in, from Asterisk's logs,
     * the queue steps since {@code from} that {@code onRecord} does not show as written (the previous holder may
     * have died before shipping them). Needs logs opened with their recent past ({@code withRecentPast}).
     */
    public AmiCallTracker takingOverFrom(java.time.Instant from, StepsOnRecord onRecord) {
        handOff(() -> book.takeOver(from.toEpochMilli() / 1000.0, onRecord));
        return this;
    }

    /** Starts connecting (in the background; {@link #connected()} tells when the link is up). */
    public AmiCallTracker start() {
        worker.start();
        link.start();
        return this;
    }

    // ---- LiveCalls ----

    @Override
    public List<LiveCall> active() {
        return book.active();
    }

    @Override
    public Optional<LiveCall> connectedTo(String memberInterface) {
        return dispatchers.callOf(memberInterface).flatMap(book::byUniqueid)
                .filter(c -> c.state() == LiveCall.State.CONNECTED)
                .or(() -> book.active().stream().filter(c -> c.state() == LiveCall.State.CONNECTED
                        && c.answeredBy().filter(memberInterface::equals).isPresent()).findFirst());
    }

    @Override
    public List<DispatcherState> dispatchers() {
        return dispatchers.all();
    }

    @Override
    public void onChange(Consumer<LiveCall> listener) {
        book.onChange(listener);
    }

    @Override
    public void onDispatchersChange(Runnable listener) {
        dispatchers.onChange(listener);
    }

    @Override
    public boolean connected() {
        return link.up();
    }

    /** AMI events received since start (all sessions). */
    public long eventsReceived() {
        return eventsReceived.get();
    }

    /** AMI sessions established since start: 1 after the first login, +1 per reconnect. */
    public long sessions() {
        return link.sessions();
    }

    public long loginAttempts() {
        return link.loginAttempts();
    }

    /** The link's state, outages, and how long the last one took to notice and to repair. */
    public AmiLinkStatus linkStatus() {
        return link.status();
    }

    /** Queue steps written from Asterisk's queue log after AMI gaps (the stream had lost them). */
    public long reconciledSteps() {
        return book.reconciledSteps();
    }

    // ---- CallControl ----

    @Override
    public CompletableFuture<Void> transfer(String uniqueid, String targetCode, long incidentId) {
        Optional<LiveCall> call = book.byUniqueid(uniqueid);
        if (call.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no live call " + uniqueid));
        }
        Optional<Target> target = targets.target(targetCode);
        if (target.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown route target " + targetCode));
        }
        RouteStep step = target.get().step(target.get().ringTimeoutSeconds());
        String channel = call.get().channel();
        String by = call.get().answeredBy().orElse("console");
        double requestedAt = clock.millis() / 1000.0;
        // Actions of one AMI session run in order; each is still awaited so a failed Setvar stops the Redirect.
        return link.send(new SetVarAction(channel, "CU_TRANSFER_KIND", step.kind().name()))
                .thenCompose(r -> link.send(new SetVarAction(channel, "CU_TRANSFER_TARGET", step.asteriskTarget())))
                .thenCompose(r -> link.send(new SetVarAction(channel, "CU_TRANSFER_TIMEOUT", Integer.toString(step.ringTimeoutSeconds()))))
                .thenCompose(r -> link.send(new SetVarAction(channel, "CU_INCIDENT_ID", Long.toString(incidentId))))
                .thenCompose(r -> link.send(new RedirectAction(channel, TRANSFER_CONTEXT, "s", 1)))
                .thenAccept(r -> handOff(() -> book.transferred(call.get().uniqueid(), targetCode, by, incidentId, requestedAt)));
    }

    @Override
    public CompletableFuture<Void> callBack(String memberInterface, String number, long incidentId) {
        if (number == null || !number.matches("[0-9*#+]{2,32}")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a number to call back: " + number));
        }
        String actionId = "cu-callback-" + UUID.randomUUID();
        OriginateAction o = new OriginateAction();
        o.setChannel(memberInterface);
        o.setContext(CALLBACK_CONTEXT);
        o.setExten(number);
        o.setPriority(1);
        o.setAsync(true);
        o.setTimeout(CALLBACK_RING.toMillis());
        o.setActionId(actionId);
        o.setCallerId("\"Central Unica\" <" + number + ">");
        o.setVariable("CU_INCIDENT_ID", Long.toString(incidentId));
        o.setVariable("CU_CALLBACK", "1");
        CompletableFuture<Void> done = new CompletableFuture<>();
        originates.put(actionId, done);
        // The phone rings for up to CALLBACK_RING; its OriginateResponse comes when it answers or gives up.
        done.orTimeout(CALLBACK_RING.plus(settings.actionTimeout()).toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> originates.remove(actionId));
        link.send(o).whenComplete((r, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    // ---- internals ----

    /** Queues work for the tracker thread; false when the inbox was full and it was dropped. */
    private boolean handOff(Runnable r) {
        if (!inbox.offer(r)) {
            // Never block asterisk-java's pump. What is dropped is repaired by the resync of a fresh session,
            // started by the worker once it has worked off the backlog (so the resync's lists fit).
            overflowed = true;
            if (eventsDropped.getAndIncrement() % 1000 == 0) {
                log.error("tracker inbox full ({} events dropped so far); the AMI session will be renewed to resync",
                        eventsDropped.get());
            }
            return false;
        }
        return true;
    }

    /** AMI events dropped because the tracker fell a whole inbox behind (each episode ends in a resync). */
    public long eventsDropped() {
        return eventsDropped.get();
    }

    /** Events handed to the tracker thread and not yet worked off (at most the inbox's capacity, 50,000). */
    public int inboxDepth() {
        return inbox.size();
    }

    /**
     * Events still queued from a session that has since been replaced are applied too: they happened, and
     * they precede the new session's resync lists in the inbox.
     */
    private void consume(ManagerEvent event) {
        if (event instanceof OriginateResponseEvent o) {
            originateDone(o);
        }
        book.apply(event);
    }

    private void originateDone(OriginateResponseEvent o) {
        String id = o.getActionId();
        if (id == null) {
            return;
        }
        originates.forEach((key, f) -> {
            if (id.endsWith(key)) {
                if ("Success".equalsIgnoreCase(o.getResponse())) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(new AmiUnavailableException("call-back not answered (reason " + o.getReason() + ")"));
                }
            }
        });
    }

    /** Async GetVar of the CU_* variables of a caller channel found by a resync; answers return to the inbox. */
    private void fetchVariables(String uniqueid) {
        Optional<LiveCall> call = book.byUniqueid(uniqueid);
        if (call.isEmpty()) {
            return;
        }
        String channel = call.get().channel();
        Map<String, String> values = new ConcurrentHashMap<>();
        CompletableFuture<?>[] all = CallBook.RESYNC_VARIABLES.stream().map(v -> link.send(new GetVarAction(channel, v))
                .thenAccept(r -> {
                    Object value = r.getAttribute("Value");
                    if (value != null && !value.toString().isEmpty()) {
                        values.put(v, value.toString());
                    }
                })).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(all).whenComplete((x, e) -> handOff(() -> book.variablesFetched(uniqueid, new HashMap<>(values))));
    }

    private void work() {
        while (!closed) {
            try {
                inbox.take().run();
                if (overflowed && inbox.isEmpty()) {
                    overflowed = false;
                    long dropped = firstDropped.getAndSet(NONE_DROPPED);
                    if (dropped != NONE_DROPPED) {
                        book.eventsDroppedFrom(Double.longBitsToDouble(dropped)); // the queue log fills the hole
                    }
                    link.restart();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("tracker step failed", e);
            }
        }
    }

    @Override
    public void close() {
        link.close();
        closed = true;
        worker.interrupt();
        originates.values().forEach(f -> f.completeExceptionally(new AmiUnavailableException("tracker closed")));
    }
}
