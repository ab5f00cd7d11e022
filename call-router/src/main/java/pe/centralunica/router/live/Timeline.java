package pe.centralunica.router.live;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.journal.CallIds;
import pe.centralunica.db.journal.CallJournal;

/**
 * Writes the tracker's steps into the call journal with ids and positions that do not depend on which node
 * saw the AMI event, nor on how often: two nodes tracking the same Asterisk, or a resync replaying, produce
 * the same event ids, and PostgreSQL keeps one copy of each.
 *
 * <h2>Sequence numbers</h2>
 * The IVR numbers its events 0..n. Tracker events use {@code 1_000_000 + 8 × ms + slot}, where {@code ms} is
 * the AMI event's time (its {@code Timestamp}: manager.conf {@code timestampevents = yes}) since the call's
 * linkedid was minted (its integer part is that channel's creation second) and {@code slot} orders kinds
 * that can share a millisecond (fallback < joined < rung < answered < transferred < abandoned < hung up).
 * Every tracker event therefore follows the IVR's in the timeline, positions come out the same on every
 * node, and a call may last 74 hours before positions saturate. ARRIVED of a call the IVR never saw is 0.
 *
 * <h2>Event ids</h2>
 * {@code UUID.nameUUIDFromBytes("cu-ami|" + callId + "|" + type + "|" + key)}: the key is empty for steps a
 * call has at most once (ARRIVED, FALLBACK, ABANDONED, HUNG_UP); for steps that can repeat it is the Asterisk
 * time plus queue, member or target: the whole second ({@link #secondKey}) for QUEUE_JOINED, AGENT_RUNG and
 * ANSWERED — a transferred call is answered again —, which the queue log also reports after an AMI outage, and
 * the AMI timestamp for TRANSFERRED.
 */
final class Timeline {
    static final int TRACKER_SEQ_BASE = 1_000_000;
    private static final long MAX_MS = (Integer.MAX_VALUE - TRACKER_SEQ_BASE) / 8 - 1;
    private static final Logger log = LoggerFactory.getLogger(Timeline.class);

    private final CallJournal journal;

    Timeline(CallJournal journal) {
        this.journal = journal;
    }

    /** A deterministic call id for a call our IVR never numbered (fallback): from its uniqueid. */
    static UUID fallbackCallId(String uniqueid) {
        return CallIds.forUniqueid(uniqueid); // the id the IVR gives the same call: one record either way
    }

    static UUID eventId(UUID callId, CallEventType type, String key) {
        return CallIds.stepEventId(callId, type, key);
    }

    /** The AMI timestamp as written into keys: fixed six decimals so every node spells it the same. */
    static String key(double amiSeconds) {
        return String.format(Locale.ROOT, "%.6f", amiSeconds);
    }

    /**
     * The whole second of an event's Asterisk time, for the keys of steps that can repeat (joined, rung, answered):
     * the queue log, read after an AMI outage, has whole seconds only, so a step both sources report gets one id.
     */
    static String secondKey(double amiSeconds) {
        return Long.toString((long) Math.floor(amiSeconds));
    }

    static int seq(String linkedid, double amiSeconds, CallEventType type) {
        long origin = linkedSeconds(linkedid);
        long ms = (long) Math.floor(amiSeconds * 1000) - origin * 1000; // floor: the millisecond the event happened in
        ms = Math.max(0, Math.min(MAX_MS, ms));
        return (int) (TRACKER_SEQ_BASE + ms * 8 + slot(type));
    }

    private static long linkedSeconds(String linkedid) {
        // An Asterisk with a systemname prefixes its ids ("pbx1-1796000000.17"): the time is after the last '-'.
        String id = linkedid.substring(linkedid.lastIndexOf('-') + 1);
        int dot = id.indexOf('.');
        try {
            return Long.parseLong(dot < 0 ? id : id.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int slot(CallEventType type) {
        return switch (type) {
            case FALLBACK -> 0;
            case QUEUE_JOINED -> 1;
            case AGENT_RUNG -> 2;
            case ANSWERED -> 3;
            case TRANSFERRED -> 4;
            case ABANDONED -> 5;
            case HUNG_UP -> 6;
            default -> 7;
        };
    }

    /**
     * Builds the event for a call whose id is known. A position the call already used (same kind twice in
     * one millisecond) moves on by one millisecond: every node sees the stream in the same order, so the
     * same.
     */
    CallEvent event(TrackedCall call, CallEventType type, double amiSeconds, String key, Map<String, String> data) {
        int seq = type == CallEventType.ARRIVED ? 0 : seq(call.linkedid, amiSeconds, type);
        int first = seq;
        while (!call.usedSeqs.add(seq)) {
            // Next free position of this kind; near the top of the range (a call positions saturate for)
            // search downwards instead of overflowing into negative positions.
            seq = seq <= Integer.MAX_VALUE - 8 && seq >= first ? seq + 8 : (seq >= first ? first - 8 : seq - 8);
            if (seq < 0) {
                throw new IllegalStateException("no journal position left for " + type + " of call " + call.callId);
            }
        }
        Instant at = Instant.ofEpochMilli(Math.round(amiSeconds * 1000));
        return new CallEvent(eventId(call.callId, type, key), call.callId, seq, at, type, data);
    }

    /**
     * Queues the event for the journal without waiting for its fsync: the AMI event thread never waits on
     * the disk, and every event queued between two fsyncs shares one group commit. A spool that cannot take
     * it is logged, never allowed to stop the tracker.
     */
    void append(CallEvent event) {
        try {
            journal.submit(List.of(event)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    log.error("call journal could not write {} of call {}: {}", event.type(), event.callId(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            log.error("call journal refused {} of call {}: {}", event.type(), event.callId(), e.toString());
        }
    }
}
