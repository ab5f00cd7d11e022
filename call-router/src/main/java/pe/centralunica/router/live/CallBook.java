package pe.centralunica.router.live;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.AgiExecStartEvent;
import org.asteriskjava.manager.event.AgentCompleteEvent;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.AgentRingNoAnswerEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.CoreShowChannelsCompleteEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewExtenEvent;
import org.asteriskjava.manager.event.QueueCallerAbandonEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.QueueCallerLeaveEvent;
import org.asteriskjava.manager.event.QueueEntryEvent;
import org.asteriskjava.manager.event.QueueMemberAddedEvent;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.QueueMemberPausedEvent;
import org.asteriskjava.manager.event.QueueMemberRemovedEvent;
import org.asteriskjava.manager.event.QueueParamsEvent;
import org.asteriskjava.manager.event.QueueStatusCompleteEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.journal.CallIds;

/**
 * The tracker's state machine: AMI events in, live calls, dispatcher states and journal steps out. Every
 * method runs on the tracker's single consumer thread; readers see only the immutable {@link LiveCall}s it
 * publishes.
 *
 * <p>Channels are grouped into calls by linkedid (the caller's channel, Local ;1/;2 halves and the dispatcher's
 * leg all share it). Only calls that touch our dialplan ({@code cu-*} contexts other than {@code cu-callback})
 * or carry CU_CALL_ID are shown and journaled.
 */
final class CallBook {
    /** Variables read with GetVar for a call found by a resync (its VarSet events were missed). */
    static final List<String> RESYNC_VARIABLES = List.of("CU_CALL_ID", "CU_TYPE", "CU_DISTRICT", "CU_CLASS",
            "CU_LANG", "CU_RULE", "CU_PRIORITY", "CU_TARGET", "CU_TEST");
    private static final Logger log = LoggerFactory.getLogger(CallBook.class);
    private static final int ENDED_MEMORY = 10_000;
    private static final int RECENT_LOG = 20_000;

    /** A channel: which call it belongs to. */
    private record Chan(String uniqueid, String linkedid, String name) {
    }

    private final Map<String, Chan> channels = new HashMap<>();
    private final Map<String, TrackedCall> calls = new HashMap<>();
    /** Linkedids of calls that ended: late events of their other channels must not bring them back. */
    private final Map<String, Boolean> ended = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED_MEMORY;
        }
    };
    private final Map<String, LiveCall> published = new ConcurrentHashMap<>();
    private final List<Consumer<LiveCall>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Timeline timeline;
    private final Dispatchers dispatchers;
    private final Clock clock;
    /** Asks for the CU_* variables of a caller channel found by a resync (async GetVar). */
    private final Consumer<String> wantVariables;
    /** Caller uniqueids of calls that ended: a queue-log history of theirs is not a call the stream missed. */
    private final Map<String, Boolean> endedCallers = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED_MEMORY;
        }
    };
    private final QueueLog queueLog;
    private final CdrLog cdrLog;
    /** Queue-log entries read so far (the latest few thousand): a gap, or a call that lived through one, is read from here. */
    private final java.util.ArrayDeque<QueueLogEntry> recentLog = new java.util.ArrayDeque<>();
    /** Callers live at a resync after a gap: their steps that began in the gap may reach the log only later. */
    private final Set<String> livedThroughGap = new HashSet<>();
    private final AtomicLong reconciledSteps = new AtomicLong();
    /** Asterisk time of the latest event applied (NaN before any): where a gap in the stream begins. */
    private double lastEventAt = Double.NaN;
    /** Set when a new session's resync begins after an earlier one: the gap to fill from the queue log. */
    private double gapStart = Double.NaN;
    /**
     * {@link #lastEventAt} as the previous session left it, taken when a new session's first event or its resync
     * arrives, whichever is first: a new session streams events from its login on, before its resync is asked, and
     * those must not move where the gap begins (else the queue log's steps of the outage fall outside the window).
     */
    private double lastEventBeforeSession = Double.NaN;
    private boolean sessionMarked;
    private double resyncAsked;
    private double droppedFrom = Double.NaN;
    /**
     * Set by a takeover: from this Asterisk time on, the previous holder may not have written what happened. Only the
     * first resync reads it (every later one follows a session of this tracker's own).
     */
    private double takeoverFrom = Double.NaN;
    private StepsOnRecord onRecord = StepsOnRecord.NONE;
    /** The takeover's resync is under way: what is already on record is read before anything is filled in. */
    private boolean takeoverResync;
    /** Steps on record, by caller uniqueid, of the calls a takeover's resync may fill in (used once per call). */
    private final Map<String, List<StepsOnRecord.Step>> recordedElsewhere = new HashMap<>();
    private Map<String, CoreShowChannelEvent> snapshot;
    /** Channels known when the resync began: only these can be found gone by its list. */
    private Set<String> snapshotBase;

    CallBook(Timeline timeline, Dispatchers dispatchers, Clock clock, Consumer<String> wantVariables) {
        this(timeline, dispatchers, clock, wantVariables, AsteriskLogs.NONE);
    }

    CallBook(Timeline timeline, Dispatchers dispatchers, Clock clock, Consumer<String> wantVariables, AsteriskLogs logs) {
        this.queueLog = logs.queueLog();
        this.cdrLog = logs.cdrLog();
        this.timeline = timeline;
        this.dispatchers = dispatchers;
        this.clock = clock;
        this.wantVariables = wantVariables;
    }

    // ---- read side (any thread) ----

    List<LiveCall> active() {
        List<LiveCall> out = new ArrayList<>(published.values());
        out.sort(Comparator.comparing(LiveCall::arrivedAt).thenComparing(LiveCall::linkedid));
        return out;
    }

    Optional<LiveCall> byUniqueid(String uniqueid) {
        for (LiveCall c : published.values()) {
            if (c.uniqueid().equals(uniqueid) || c.linkedid().equals(uniqueid)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    void onChange(Consumer<LiveCall> listener) {
        listeners.add(listener);
    }

    // ---- events (tracker thread) ----

    /** Steps written from the queue log after AMI gaps (the stream had lost them). */
    long reconciledSteps() {
        return reconciledSteps.get();
    }

    void apply(ManagerEvent e) {
        if (e.getTimestamp() != null && !(e instanceof CoreShowChannelEvent) && !(e instanceof QueueEntryEvent)
                && !(e instanceof QueueMemberEvent) && !(e instanceof QueueParamsEvent)) {
            lastEventAt = Double.isNaN(lastEventAt) ? e.getTimestamp() : Math.max(lastEventAt, e.getTimestamp());
        }
        switch (e) {
            case NewChannelEvent n -> newChannel(n.getUniqueId(), n.getLinkedid(), n.getChannel(), n.getContext(),
                    n.getExten(), n.getCallerIdNum(), time(e));
            case NewExtenEvent n -> newExten(n);
            case AgiExecStartEvent a -> callOf(a.getUniqueId()).ifPresent(c -> {
                if (c.agiUniqueid == null) {
                    c.agiUniqueid = a.getUniqueId();
                }
            });
            case VarSetEvent v -> varSet(v.getUniqueId(), v.getLinkedId(), v.getChannel(), v.getVariable(), v.getValue(), time(e));
            case QueueCallerJoinEvent j -> callerOf(j.getUniqueId(), j.getLinkedId(), j.getChannel()).ifPresent(c -> {
                c.queue = j.getQueue();
                c.queuedAt = Instant.ofEpochMilli(Math.round(time(e) * 1000));
                c.state = LiveCall.State.QUEUED;
                record(c, CallEventType.QUEUE_JOINED, time(e), Timeline.secondKey(time(e)) + "|" + j.getQueue(),
                        data("queue", j.getQueue(), "position", str(j.getPosition())));
                publish(c);
            });
            case AgentCalledEvent a -> callOf(a.getUniqueId()).ifPresent(c -> {
                if (a.getDestUniqueId() != null) {
                    c.agentLegs.add(a.getDestUniqueId());
                }
                c.state = LiveCall.State.RINGING;
                record(c, CallEventType.AGENT_RUNG, time(e), Timeline.secondKey(time(e)) + "|" + a.getInterface(),
                        data("queue", a.getQueue(), "member", a.getInterface(), "memberName", a.getMemberName()));
                publish(c);
            });
            case AgentRingNoAnswerEvent a -> callOf(a.getUniqueId()).ifPresent(c -> {
                if (c.state == LiveCall.State.RINGING) {
                    c.state = LiveCall.State.QUEUED;
                    publish(c);
                }
            });
            case AgentConnectEvent a -> callOf(a.getUniqueId()).ifPresent(c -> {
                ringMissedInAGap(c, a, time(e));
                c.state = LiveCall.State.CONNECTED;
                c.answeredBy = a.getInterface();
                c.queue = a.getQueue();
                record(c, CallEventType.ANSWERED, time(e), Timeline.secondKey(time(e)) + "|" + a.getInterface(), data("by", a.getInterface(),
                        "memberName", a.getMemberName(), "queue", a.getQueue(), "holdSeconds", str(a.getHoldTime())));
                // Before publish: whoever sees the call CONNECTED also sees the phone on it (connectedTo
                // ignores the phone's call until the call's CONNECTED view is published).
                dispatchers.onCall(a.getInterface(), Optional.of(c.callerUniqueid));
                publish(c);
            });
            case AgentCompleteEvent a -> {
                dispatchers.onCall(a.getInterface(), Optional.empty());
                callOf(a.getUniqueId()).ifPresent(c -> c.hangupBy = switch (String.valueOf(a.getReason())) {
                    case "agent" -> "agent";
                    case "caller" -> "caller";
                    default -> null;
                });
            }
            case QueueCallerAbandonEvent q -> callOf(q.getUniqueId()).ifPresent(c ->
                    record(c, CallEventType.ABANDONED, time(e), "", data("queue", q.getQueue(),
                            "waitSeconds", str(q.getHoldTime()), "position", str(q.getPosition()))));
            case QueueCallerLeaveEvent q -> callOf(q.getUniqueId()).ifPresent(c -> {
                if (c.state == LiveCall.State.QUEUED || c.state == LiveCall.State.RINGING) {
                    c.state = LiveCall.State.IVR; // back in the dialplan: route-next or fallback decides
                    publish(c);
                }
            });
            case DialBeginEvent d -> callOf(d.getUniqueId()).ifPresent(c -> {
                if (d.getDestUniqueId() != null && !c.agentLegs.contains(d.getDestUniqueId())
                        && d.getUniqueId().equals(c.callerUniqueid)) {
                    c.dialLegs.put(d.getDestUniqueId(), d.getDialString() == null ? baseName(d.getDestChannel()) : d.getDialString());
                    c.state = LiveCall.State.DIALING;
                    publish(c);
                }
            });
            case DialEndEvent d -> callOf(d.getUniqueId()).ifPresent(c -> {
                String dialled = d.getDestUniqueId() == null ? null : c.dialLegs.get(d.getDestUniqueId());
                if (dialled != null && "ANSWER".equals(d.getDialStatus())) {
                    c.state = LiveCall.State.CONNECTED;
                    c.answeredBy = baseName(d.getDestChannel());
                    record(c, CallEventType.ANSWERED, time(e), Timeline.secondKey(time(e)) + "|" + c.answeredBy, data("by", c.answeredBy, "dialled", dialled));
                    publish(c);
                }
            });
            case HangupEvent h -> hangup(h.getUniqueId(), h.getCause(), h.getCauseTxt(), time(e));
            case QueueMemberAddedEvent m -> dispatchers.member(m.getQueue(), iface(m.getInterface(), m.getLocation()),
                    m.getMemberName(), m.getStatus(), m.getPaused(), null);
            case QueueMemberRemovedEvent m -> dispatchers.removed(m.getQueue(), iface(m.getInterface(), m.getLocation()));
            case QueueMemberPausedEvent m -> dispatchers.paused(m.getQueue(), iface(m.getInterface(), m.getLocation()),
                    Boolean.TRUE.equals(m.getPaused()));
            case QueueMemberEvent m -> dispatchers.member(m.getQueue(), iface(m.getInterface(), m.getLocation()),
                    m.getMemberName() != null ? m.getMemberName() : m.getName(), m.getStatus(), m.getPaused(), m.getIncall());
            case QueueParamsEvent p -> dispatchers.snapshotQueue(p.getQueue());
            case QueueEntryEvent q -> queueEntry(q);
            case QueueStatusCompleteEvent ignored -> dispatchers.endSnapshot();
            case CoreShowChannelEvent c -> {
                if (snapshot != null) {
                    snapshot.put(c.getUniqueid(), c);
                }
            }
            case CoreShowChannelsCompleteEvent ignored -> endChannelSnapshot();
            default -> {
                // other events carry nothing the console or the journal needs
            }
        }
    }

    /**
     * The answering member's ring, when the stream never showed it (it began in an AMI gap, and the queue log only
     * tells it once answered): dated by AgentConnect's RingTime. Seen rings (AgentCalled) are never written twice.
     */
    private void ringMissedInAGap(TrackedCall c, AgentConnectEvent a, double connectAt) {
        Long ring = a.getRingtime();
        String member = a.getInterface();
        if (ring == null || member == null) {
            return;
        }
        double rungAt = connectAt - ring;
        boolean seen = c.recorded.stream().anyMatch(r -> r.type() == CallEventType.AGENT_RUNG && r.who().equals(member)
                && r.amiSeconds() >= rungAt - 2 && r.amiSeconds() <= connectAt);
        if (!seen) {
            record(c, CallEventType.AGENT_RUNG, rungAt, Timeline.secondKey(rungAt) + "|" + member, data("queue", a.getQueue(),
                    "member", member, "memberName", a.getMemberName(), "source", "AgentConnect"));
        }
    }

    /** Connected (again): the CoreShowChannels and QueueStatus lists that follow replace what we believe. */
    /** Events from Asterisk time {@code at} on were dropped (the tracker's inbox overflowed): the gap begins there. */
    void eventsDroppedFrom(double at) {
        droppedFrom = Double.isNaN(droppedFrom) ? at : Math.min(droppedFrom, at);
    }

    /**
     * This node takes over the Asterisk from another one, which may have died before shipping its last steps: the
     * first resync treats the stream as having a gap from {@code fromSeconds} (Asterisk time) and fills it from
     * Asterisk's logs, leaving out what {@code onRecord} shows was written.
     */
    void takeOver(double fromSeconds, StepsOnRecord onRecord) {
        this.takeoverFrom = fromSeconds;
        this.onRecord = onRecord;
    }

    /** A new AMI session began: its events follow (possibly before its resync); the gap began before them. */
    void sessionBegins() {
        lastEventBeforeSession = lastEventAt;
        sessionMarked = true;
    }

    void beginResync() {
        double lastSeen = sessionMarked ? lastEventBeforeSession : lastEventAt;
        sessionMarked = false;
        if (!Double.isNaN(lastSeen) || resyncAsked > 0) {
            // Not this node's first session: the stream had a gap from its last event (or its first dropped one).
            gapStart = Double.isNaN(lastSeen) ? resyncAsked : lastSeen;
            if (!Double.isNaN(droppedFrom)) {
                gapStart = Math.min(gapStart, droppedFrom);
                droppedFrom = Double.NaN;
            }
        } else if (!Double.isNaN(takeoverFrom)) {
            gapStart = takeoverFrom; // a takeover: the previous holder's last moments are ours to check
            takeoverResync = true;
        } else {
            queueLog.readNew(); // first session: the logs' news so far are not ours to replay
            cdrLog.readNew();
        }
        resyncAsked = nowSeconds();
        snapshot = new HashMap<>();
        snapshotBase = new HashSet<>(channels.keySet());
        dispatchers.beginSnapshot();
    }

    /** GetVar answers for a call found by a resync. */
    void variablesFetched(String uniqueid, Map<String, String> values) {
        Chan ch = channels.get(uniqueid);
        if (ch == null) {
            return;
        }
        double now = nowSeconds();
        values.forEach((k, v) -> varSet(uniqueid, ch.linkedid(), ch.name(), k, v, now));
        TrackedCall c = calls.get(ch.linkedid());
        if (c != null && c.callId == null && c.inbound && "cu-fallback".equals(c.context)) {
            fallback(c, now, "AGI did not route the call (found in cu-fallback by a resync)");
        }
    }

    // ---- helpers ----

    private void newChannel(String uniqueid, String linkedid, String name, String context, String exten,
                            String callerNum, double at) {
        if (uniqueid == null) {
            return;
        }
        String lid = linkedid == null || linkedid.isBlank() ? uniqueid : linkedid;
        if (ended.containsKey(lid)) {
            return;
        }
        channels.put(uniqueid, new Chan(uniqueid, lid, name));
        TrackedCall c = calls.computeIfAbsent(lid, k -> new TrackedCall(k, Instant.ofEpochMilli(Math.round(at * 1000))));
        c.channels.add(uniqueid);
        if (c.callerUniqueid == null || uniqueid.equals(lid)) {
            c.callerUniqueid = uniqueid;
            c.callerChannel = name == null ? "" : name;
            c.callerNumber = callerNum == null ? "" : callerNum;
        }
        if (uniqueid.equals(c.callerUniqueid)) {
            entered(c, context, exten);
            publish(c);
        }
    }

    private void newExten(NewExtenEvent n) {
        Chan ch = channels.get(n.getUniqueId());
        if (ch == null) {
            newChannel(n.getUniqueId(), n.getLinkedId(), n.getChannel(), n.getContext(), n.getExtension(), n.getCallerIdNum(), time(n));
            ch = channels.get(n.getUniqueId());
            if (ch == null) {
                return;
            }
        }
        TrackedCall c = calls.get(ch.linkedid());
        if (c == null || !n.getUniqueId().equals(c.callerUniqueid)) {
            return;
        }
        boolean wasInbound = c.inbound;
        entered(c, n.getContext(), n.getExtension());
        if (AmiCallTracker.TRANSFER_CONTEXT.equals(n.getContext()) && c.state == LiveCall.State.CONNECTED) {
            c.state = LiveCall.State.IVR; // redirected out of the dispatcher's bridge; the agency's queue is next
            c.answeredBy = null;
            publish(c);
        }
        if ("cu-fallback".equals(n.getContext()) && !c.fallbackWritten) {
            fallback(c, time(n), c.ranAgi() ? "AGI did not route the call (CU_ROUTE_OK unset, AGISTATUS="
                    + c.variables.getOrDefault("AGISTATUS", "") + ")" : "call reached cu-fallback without our IVR");
        }
        if (!wasInbound && c.inbound) {
            publish(c);
        }
    }

    /** The caller's channel is in a dialplan context: ours makes the call ours; the first one names the number. */
    private static void entered(TrackedCall c, String context, String exten) {
        if (context == null || !context.startsWith("cu-") || context.equals("cu-callback")) {
            return;
        }
        c.inbound = true;
        c.context = context;
        if (c.dialled.isEmpty() && exten != null && !exten.equals("s") && (context.equals("cu-inbound")
                || context.equals("cu-triage") || context.equals("cu-panic"))) {
            c.dialled = exten;
        }
    }

    private void varSet(String uniqueid, String linkedid, String channel, String name, String value, double at) {
        if (name == null || !(name.startsWith("CU_") || name.equals("AGISTATUS"))) {
            return;
        }
        Chan ch = channels.get(uniqueid);
        String lid = ch != null ? ch.linkedid() : linkedid;
        if (ch == null && uniqueid != null && lid != null && !ended.containsKey(lid)) {
            newChannel(uniqueid, lid, channel, null, null, null, at);
        }
        TrackedCall c = lid == null ? null : calls.get(lid);
        if (c == null) {
            return;
        }
        c.variables.put(name, value == null ? "" : value);
        if (name.equals("CU_CALL_ID") && c.callId == null && value != null && !value.isBlank()) {
            try {
                c.callId = UUID.fromString(value.strip());
            } catch (IllegalArgumentException bad) {
                log.warn("call {}: CU_CALL_ID is not a UUID", c.linkedid);
                return;
            }
            c.inbound = true;
            c.callerUniqueid = uniqueid;
            if (channel != null) {
                c.callerChannel = channel;
            }
            flushPending(c);
        }
        if (c.inbound) {
            publish(c);
        }
    }

    /** The call the caller's channel belongs to, the channel becoming the call's caller if it was not. */
    private Optional<TrackedCall> callerOf(String uniqueid, String linkedid, String channel) {
        if (uniqueid != null && !channels.containsKey(uniqueid) && linkedid != null) {
            newChannel(uniqueid, linkedid, channel, null, null, null, nowSeconds());
        }
        Optional<TrackedCall> c = callOf(uniqueid);
        c.ifPresent(call -> {
            if (!uniqueid.equals(call.callerUniqueid)) {
                call.callerUniqueid = uniqueid;
                call.callerChannel = channel == null ? call.callerChannel : channel;
            }
            call.inbound = true;
        });
        return c;
    }

    private Optional<TrackedCall> callOf(String uniqueid) {
        Chan ch = uniqueid == null ? null : channels.get(uniqueid);
        return ch == null ? Optional.empty() : Optional.ofNullable(calls.get(ch.linkedid()));
    }

    private void hangup(String uniqueid, Integer cause, String causeText, double at) {
        Chan ch = uniqueid == null ? null : channels.remove(uniqueid);
        if (ch == null) {
            return;
        }
        TrackedCall c = calls.get(ch.linkedid());
        if (c == null) {
            return;
        }
        c.channels.remove(uniqueid);
        if (uniqueid.equals(c.callerUniqueid)) {
            lateReconcile(c);
            String by = c.hangupBy != null ? c.hangupBy : cause != null && cause == 16 ? "caller" : "system";
            end(c, at, data("cause", str(cause), "causeText", causeText, "by", by));
        } else if (c.state == LiveCall.State.CONNECTED && c.answeredBy != null && ch.name() != null
                && ch.name().startsWith(c.answeredBy) && c.hangupBy == null) {
            c.hangupBy = "agent"; // the answering leg went first
        }
    }

    private void end(TrackedCall c, double at, Map<String, String> hangupData) {
        c.state = LiveCall.State.ENDED;
        if (c.inbound) {
            if (c.callId == null && !c.ranAgi()) {
                // No AGI command ran, so our IVR wrote nothing (its first step, a GET FULL VARIABLE, precedes
                // ARRIVED): the call still leaves a record (principle 2).
                fallbackRecordStart(c, at);
            } else if (c.callId == null) {
                // Our IVR ran but its CU_CALL_ID never reached us (the VarSet fell in a gap, or the IVR died before
                // setting it): it names a call from the uniqueid of the channel its AGI ran on, so the steps seen
                // and the end join its record (its own ARRIVED, none written here) instead of being lost.
                c.callId = Timeline.fallbackCallId(c.agiUniqueid);
                flushPending(c);
            }
            record(c, CallEventType.HUNG_UP, at, "", hangupData);
        }
        for (String u : c.channels) {
            channels.remove(u);
        }
        calls.remove(c.linkedid);
        ended.put(c.linkedid, Boolean.TRUE);
        if (c.callerUniqueid != null) {
            endedCallers.put(c.callerUniqueid, Boolean.TRUE);
            livedThroughGap.remove(c.callerUniqueid);
        }
        if (c.callerUniqueid != null) {
            dispatchers.callEnded(c.callerUniqueid);
        }
        published.remove(c.linkedid);
        if (c.inbound) {
            notifyListeners(c.view());
        }
    }

    private void fallback(TrackedCall c, double at, String reason) {
        c.fallbackWritten = true;
        if (c.callId == null) {
            fallbackRecordStart(c, at);
        }
        record(c, CallEventType.FALLBACK, at, "", data("reason", reason));
        publish(c);
    }

    /** A call our IVR never numbered gets an id from its uniqueid and an ARRIVED, so it has a record. */
    private void fallbackRecordStart(TrackedCall c, double at) {
        String uid = c.callerUniqueid == null ? c.linkedid : c.callerUniqueid;
        c.callId = Timeline.fallbackCallId(uid);
        double arrived = c.arrivedAt.toEpochMilli() / 1000.0;
        timeline.append(timeline.event(c, CallEventType.ARRIVED, Math.min(arrived, at), "", data("uniqueid", uid,
                "linkedid", c.linkedid, "channel", c.callerChannel, "caller", c.callerNumber, "dialled", c.dialled,
                "test", Boolean.toString("1".equals(c.variables.get("CU_TEST"))))));
        flushPending(c);
    }

    private void record(TrackedCall c, CallEventType type, double at, String key, Map<String, String> data) {
        Map<String, String> d = new HashMap<>(data);
        d.put("uniqueid", c.callerUniqueid == null ? c.linkedid : c.callerUniqueid);
        String who = switch (type) {
            case QUEUE_JOINED -> d.getOrDefault("queue", "");
            case AGENT_RUNG -> d.getOrDefault("member", "");
            case ANSWERED -> d.getOrDefault("by", "");
            default -> "";
        };
        c.recorded.add(new TrackedCall.Recorded(type, at, who));
        if (c.callId == null) {
            c.pending.add(new TrackedCall.Pending(type, at, key, d));
            return;
        }
        timeline.append(timeline.event(c, type, at, key, d));
    }

    private void flushPending(TrackedCall c) {
        List<TrackedCall.Pending> todo = List.copyOf(c.pending);
        c.pending.clear();
        for (TrackedCall.Pending p : todo) {
            timeline.append(timeline.event(c, p.type(), p.amiSeconds(), p.key(), p.data()));
        }
    }

    private void queueEntry(QueueEntryEvent q) {
        callOf(q.getUniqueId()).ifPresent(c -> {
            c.queue = q.getQueue();
            if (c.state != LiveCall.State.CONNECTED) {
                c.state = LiveCall.State.QUEUED;
            }
            if (c.queuedAt == null && q.getWait() != null) {
                c.queuedAt = clock.instant().minusSeconds(q.getWait());
            }
            c.inbound = true;
            publish(c);
        });
    }

    /**
     * CoreShowChannelsComplete: what Asterisk holds now replaces what we believed. Calls with no live channel ended
     * unseen, live channels we did not know are new, and every live caller's state (queued, talking to whom) is
     * taken from the list. Where the AMI stream had a gap, the queue log fills in the steps it lost — joined, rung,
     * answered by whom, abandoned — and the time a call ended, all on Asterisk's clock (see {@link #reconcile}).
     */
    private void endChannelSnapshot() {
        if (snapshot == null) {
            return;
        }
        Map<String, CoreShowChannelEvent> live = snapshot;
        Set<String> base = snapshotBase;
        snapshot = null;
        snapshotBase = null;
        double now = nowSeconds();
        boolean gapped = !Double.isNaN(gapStart);
        Map<String, QueueHistory> histories = gapHistories();
        if (takeoverResync) {
            takeoverResync = false;
            if (histories.isEmpty()) {
                log.info("takeover: the queue log has nothing since {} to check against the record", Instant.ofEpochMilli(
                        Math.round(takeoverFrom * 1000)));
            } else {
                readRecordedElsewhere(live.keySet(), histories.keySet());
            }
        }
        Map<String, Double> cdrEnds = new HashMap<>();
        for (CallEndRecord r : cdrLog.readNew()) {
            cdrEnds.merge(r.uniqueid(), r.end(), Math::max); // a channel's last record ends at its hang-up
        }
        for (TrackedCall c : List.copyOf(calls.values())) {
            // A channel born after the list was asked for may be missing from it and still be alive.
            c.channels.removeIf(u -> {
                boolean gone = base.contains(u) && !live.containsKey(u);
                if (gone) {
                    channels.remove(u);
                }
                return gone;
            });
            boolean callerGone = c.callerUniqueid != null && base.contains(c.callerUniqueid) && !live.containsKey(c.callerUniqueid);
            if (c.channels.isEmpty() || callerGone) {
                QueueHistory h = c.callerUniqueid == null ? null : histories.remove(c.callerUniqueid);
                reconcile(c, h);
                endUnseen(c, h, cdrEnds.get(c.callerUniqueid), now);
            }
        }
        List<CoreShowChannelEvent> unknown = live.values().stream().filter(e -> !channels.containsKey(e.getUniqueid()))
                .sorted(Comparator.comparing(CoreShowChannelEvent::getUniqueid)).toList();
        for (CoreShowChannelEvent e : unknown) {
            Duration age = parseDuration(e.getDuration());
            newChannel(e.getUniqueid(), e.getLinkedid(), e.getChannel(), e.getContext(), e.getExten(),
                    e.getCallerIdNum(), now - age.toMillis() / 1000.0);
        }
        Map<String, List<String>> bridgeMembers = new HashMap<>();
        for (CoreShowChannelEvent e : live.values()) {
            if (e.getBridgeid() != null && !e.getBridgeid().isBlank()) {
                bridgeMembers.computeIfAbsent(e.getBridgeid(), k -> new ArrayList<>()).add(e.getUniqueid());
            }
        }
        Set<String> found = new HashSet<>();
        unknown.forEach(e -> found.add(e.getUniqueid()));
        for (TrackedCall c : List.copyOf(calls.values())) {
            CoreShowChannelEvent callerNow = c.callerUniqueid == null ? null : live.get(c.callerUniqueid);
            if (callerNow == null) {
                continue; // born after the list was asked for: its own events describe it
            }
            QueueHistory h = histories.remove(c.callerUniqueid);
            reconcile(c, h);
            refreshState(c, callerNow, h, live, bridgeMembers);
            if (gapped) {
                livedThroughGap.add(c.callerUniqueid);
            }
            if (c.inbound) {
                publish(c);
                if (found.contains(c.callerUniqueid) || c.callId == null) {
                    wantVariables.accept(c.callerUniqueid); // new to us, or its CU_CALL_ID VarSet fell in the gap
                }
            }
        }
        // Calls that began and ended inside the gap: the stream never showed them, the queue log did.
        histories.forEach((callid, h) -> {
            if (!endedCallers.containsKey(callid) && !channels.containsKey(callid) && !endedOnRecord(callid)) {
                TrackedCall c = new TrackedCall(callid, Instant.ofEpochMilli(Math.round(h.steps().isEmpty() ? now * 1000
                        : h.steps().getFirst().at() * 1000)));
                c.callerUniqueid = callid;
                c.callId = Timeline.fallbackCallId(callid); // the id our IVR gave it: one record either way
                c.inbound = true;
                reconcile(c, h);
                endUnseen(c, h, cdrEnds.get(c.callerUniqueid), now);
            }
        });
        // Only callers who lived through the gap may still need theirs (a ring the log reports at their hang-up).
        recordedElsewhere.keySet().retainAll(livedThroughGap);
    }

    /** What the previous holder wrote of the calls a takeover's resync may fill in (nothing if PostgreSQL cannot say). */
    private void readRecordedElsewhere(Set<String> live, Set<String> inLog) {
        Map<UUID, String> byCallId = new HashMap<>();
        for (Set<String> uniqueids : List.of(live, inLog)) {
            uniqueids.forEach(uniqueid -> byCallId.put(CallIds.forUniqueid(uniqueid), uniqueid));
        }
        try {
            onRecord.of(byCallId.keySet()).forEach((id, steps) -> recordedElsewhere.put(byCallId.get(id), steps));
            log.info("takeover: {} step(s) of {} call(s) already on record; the queue log fills in the rest",
                    recordedElsewhere.values().stream().mapToInt(List::size).sum(), recordedElsewhere.size());
        } catch (SQLException e) {
            log.warn("takeover: could not read what the previous holder recorded ({}); filling from the queue log"
                    + " what this node did not see, a step it had written may be written again", e.getMessage());
        }
    }

    /** Counts what a takeover found on record as written by this tracker: a reconcile skips it. */
    private void seedFromRecord(TrackedCall c) {
        List<StepsOnRecord.Step> steps = c.callerUniqueid == null ? null : recordedElsewhere.remove(c.callerUniqueid);
        if (steps != null) {
            steps.forEach(s -> c.recorded.add(new TrackedCall.Recorded(s.type(), s.amiSeconds(), s.who())));
        }
    }

    /** The previous holder recorded this call's end: a history in the log is not a call the stream missed. */
    private boolean endedOnRecord(String uniqueid) {
        List<StepsOnRecord.Step> steps = recordedElsewhere.get(uniqueid);
        return steps != null && steps.stream().anyMatch(s -> s.type() == CallEventType.HUNG_UP);
    }

    /**
     * Queue-log entries of the AMI gap: from the last event the previous session delivered (less a second: the log
     * has whole seconds) on. Earlier ones were in the stream.
     */
    private Map<String, QueueHistory> gapHistories() {
        List<QueueLogEntry> entries = readQueueLog();
        double from = gapStart;
        gapStart = Double.NaN;
        if (Double.isNaN(from) || entries.isEmpty()) {
            return new HashMap<>(); // first session: nothing was missed that this node was watching
        }
        // No upper bound: what followed the new login is in the stream too, and is recognised as already written.
        return new HashMap<>(QueueHistory.byCall(entries.stream().filter(e -> e.at() >= Math.floor(from) - 1).toList()));
    }

    /** The queue log's new entries, also kept (bounded) for calls that lived through a gap; returns all it holds. */
    private List<QueueLogEntry> readQueueLog() {
        recentLog.addAll(queueLog.readNew());
        while (recentLog.size() > RECENT_LOG) {
            recentLog.removeFirst();
        }
        return List.copyOf(recentLog);
    }

    /**
     * A caller who lived through a gap hung up: a ring that began in the gap and ended after the resync (cancelled by
     * the hang-up, unanswered) is in the queue log only now. Its steps are written like a gap's.
     */
    private void lateReconcile(TrackedCall c) {
        if (c.callerUniqueid == null || !livedThroughGap.remove(c.callerUniqueid)) {
            return;
        }
        List<QueueLogEntry> mine = readQueueLog().stream().filter(e -> c.callerUniqueid.equals(e.callid())).toList();
        if (!mine.isEmpty()) {
            reconcile(c, QueueHistory.of(c.callerUniqueid, mine));
        }
    }

    /**
     * A call gone from Asterisk while the link was down: ended at its CDR's end (the caller channel's hang-up, to the
     * microsecond), else when the queue log says (to the second), else now — time unknown, noticed at the resync.
     */
    private void endUnseen(TrackedCall c, QueueHistory h, Double cdrEnd, double now) {
        // A dispatcher's transfer takes the caller out of the bridge, which the log records as a completed call:
        // an "end" at or before a transfer this tracker made is not the call's end.
        Optional<QueueHistory.Ending> ending = (h == null ? Optional.<QueueHistory.Ending>empty() : h.ended())
                .filter(end -> c.recorded.stream().noneMatch(r -> r.type() == CallEventType.TRANSFERRED
                        && r.amiSeconds() >= end.at() - 1));
        if (cdrEnd != null) {
            String by = ending.filter(e -> Math.abs(e.at() - cdrEnd) < 2).map(QueueHistory.Ending::by).orElse("system");
            end(c, cdrEnd, data("cause", "", "causeText", "ended while the AMI link was down (time from the CDR)",
                    "by", by, "source", "cdr"));
        } else if (ending.isPresent()) {
            end(c, ending.get().at(), data("cause", "", "causeText", "ended while the AMI link was down (time from queue_log)",
                    "by", ending.get().by(), "source", "queue_log"));
        } else {
            end(c, now, data("cause", "", "causeText", "ended while the AMI link was down (time unknown: noticed at the resync)",
                    "by", "system"));
        }
    }

    /**
     * Writes the steps of {@code h} the tracker has not written itself (same kind, queue or member, within two
     * seconds: the stream's times have milliseconds, the log's whole seconds), with the log's times. Members are
     * named by their interface, as the stream names them.
     */
    private void reconcile(TrackedCall c, QueueHistory h) {
        if (h == null) {
            return;
        }
        seedFromRecord(c);
        for (QueueHistory.Step s : h.steps()) {
            String iface = dispatchers.interfaceOf(s.queue(), s.agent()).orElse(s.agent());
            String who = switch (s.type()) {
                case QUEUE_JOINED -> s.queue();
                case AGENT_RUNG, ANSWERED -> iface;
                default -> "";
            };
            boolean seen = c.recorded.stream().anyMatch(r -> r.type() == s.type() && r.who().equals(who)
                    && (who.isEmpty() || Math.abs(r.amiSeconds() - s.at()) < 2.0));
            if (seen) {
                continue;
            }
            Map<String, String> d = new HashMap<>(s.data());
            d.put("source", "queue_log");
            String key = Timeline.secondKey(s.at()) + "|" + who;
            switch (s.type()) {
                case AGENT_RUNG -> d.put("member", iface);
                case ANSWERED -> {
                    d.put("by", iface);
                    c.answeredBy = iface;
                    c.queue = s.queue();
                }
                case QUEUE_JOINED -> {
                    c.queue = s.queue();
                    if (c.queuedAt == null) {
                        c.queuedAt = Instant.ofEpochMilli(Math.round(s.at() * 1000));
                    }
                }
                default -> key = "";
            }
            record(c, s.type(), s.at(), key, d);
            reconciledSteps.incrementAndGet();
        }
        h.ended().ifPresent(e -> c.hangupBy = e.by());
    }

    /** The caller's channel as the resync lists it: queued, dialling, in the IVR, or bridged — with whom. */
    private void refreshState(TrackedCall c, CoreShowChannelEvent callerNow, QueueHistory h, Map<String, CoreShowChannelEvent> live,
                              Map<String, List<String>> bridgeMembers) {
        LiveCall.State was = c.state;
        c.state = stateOf(callerNow);
        if (c.state == LiveCall.State.CONNECTED) {
            Optional<String> agent = h == null ? Optional.empty()
                    : h.agentNow().map(a -> dispatchers.interfaceOf(c.queue == null ? "" : c.queue, a).orElse(a));
            if (agent.isPresent()) {
                c.answeredBy = agent.get();
            } else if (c.answeredBy == null || was != LiveCall.State.CONNECTED) {
                for (String u : bridgeMembers.getOrDefault(callerNow.getBridgeid(), List.of())) {
                    CoreShowChannelEvent other = live.get(u);
                    if (other != null && !u.equals(callerNow.getUniqueid())) {
                        c.answeredBy = baseName(other.getChannel());
                    }
                }
            }
            if (c.answeredBy != null) {
                dispatchers.onCall(c.answeredBy, Optional.of(c.callerUniqueid));
            }
        } else if (was == LiveCall.State.CONNECTED) {
            c.answeredBy = null; // out of the bridge (transferred, back in a queue)
        }
    }

    private static LiveCall.State stateOf(CoreShowChannelEvent e) {
        if (e.getBridgeid() != null && !e.getBridgeid().isBlank()) {
            return LiveCall.State.CONNECTED;
        }
        String app = e.getApplication() == null ? "" : e.getApplication();
        return switch (app.toLowerCase()) {
            case "queue" -> LiveCall.State.QUEUED;
            case "dial" -> LiveCall.State.DIALING;
            default -> LiveCall.State.IVR;
        };
    }

    private void publish(TrackedCall c) {
        if (!c.inbound || c.state == LiveCall.State.ENDED) {
            return;
        }
        LiveCall view = c.view();
        published.put(c.linkedid, view);
        notifyListeners(view);
    }

    private void notifyListeners(LiveCall view) {
        for (Consumer<LiveCall> l : listeners) {
            try {
                l.accept(view);
            } catch (RuntimeException ex) {
                log.warn("live-call listener failed: {}", ex.toString());
            }
        }
    }

    /** Journals a transfer the console asked for (the Redirect itself was sent by the tracker), at request time. */
    void transferred(String uniqueid, String to, String by, long incidentId, double requestedAt) {
        Chan ch = channels.get(uniqueid);
        TrackedCall c = ch == null ? calls.get(uniqueid) : calls.get(ch.linkedid());
        if (c == null) {
            return;
        }
        record(c, CallEventType.TRANSFERRED, requestedAt, Timeline.key(requestedAt) + "|" + to, data("to", to, "by", by,
                "incidentId", Long.toString(incidentId)));
    }

    private double nowSeconds() {
        return clock.millis() / 1000.0;
    }

    private static double time(ManagerEvent e) {
        Double ts = e.getTimestamp();
        if (ts != null) {
            return ts;
        }
        return (e.getDateReceived() != null ? e.getDateReceived().getTime() : System.currentTimeMillis()) / 1000.0;
    }

    /** {@code PJSIP/disp-01-0000002a} → {@code PJSIP/disp-01}; Local {@code ;1}/{@code ;2} suffixes too. */
    static String baseName(String channel) {
        if (channel == null) {
            return "";
        }
        String s = channel;
        int semi = s.lastIndexOf(';');
        if (semi > 0) {
            s = s.substring(0, semi);
        }
        int dash = s.lastIndexOf('-');
        if (dash > s.indexOf('/') && dash > 0 && s.length() - dash - 1 >= 4
                && s.substring(dash + 1).chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            s = s.substring(0, dash);
        }
        return s;
    }

    private static String iface(String iface, String location) {
        return iface != null && !iface.isBlank() ? iface : location;
    }

    private static Duration parseDuration(String hms) {
        if (hms == null) {
            return Duration.ZERO;
        }
        String[] p = hms.split(":");
        try {
            long s = 0;
            for (String part : p) {
                s = s * 60 + Long.parseLong(part.strip());
            }
            return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    /** Data map from key/value pairs; null values become empty strings. */
    static Map<String, String> data(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1] == null ? "" : kv[i + 1]);
        }
        return m;
    }
}
