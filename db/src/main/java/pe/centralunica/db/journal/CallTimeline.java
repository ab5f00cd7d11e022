package pe.centralunica.db.journal;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Derives a call row from the call's events. The row is a pure function of the set of events, applied in
 * timeline order (seq), so it comes out the same whichever node's events reached PostgreSQL first and
 * however often a batch is replayed.
 */
final class CallTimeline {

    private CallTimeline() {
    }

    static DerivedCall derive(UUID callId, List<CallEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a call timeline needs at least one event: " + callId);
        }
        Fold f = new Fold();
        events.stream()
                .sorted(Comparator.comparingInt(CallEvent::seq).thenComparing(CallEvent::at))
                .forEach(f::apply);
        Instant arrivedAt = f.arrivedAt != null ? f.arrivedAt
                : events.stream().map(CallEvent::at).min(Comparator.naturalOrder()).orElseThrow();
        return new DerivedCall(callId, f.arrivedAt != null, f.uniqueid != null ? f.uniqueid : f.anyUniqueid,
                f.linkedid, f.channel, f.caller, f.dialled, f.test, f.language, f.callerClass, f.type, f.district,
                f.districtSource, f.panicDevice, f.incidentId, f.ruleId, f.answeredBy, f.outcome, f.hangupCause,
                f.prank, f.triagedAt != null, arrivedAt, f.triagedAt, f.routedAt, f.answeredAt, f.endedAt);
    }

    /** Mutable accumulator, confined to one {@link #derive} call. */
    private static final class Fold {
        String uniqueid;
        String anyUniqueid;
        String linkedid;
        String channel;
        String caller;
        String dialled;
        boolean test;
        String language;
        String callerClass;
        String type;
        String district;
        String districtSource;
        String panicDevice;
        String incidentId;
        String ruleId;
        String answeredBy;
        String outcome = "IN_PROGRESS";
        String hangupCause;
        boolean prank;
        Instant arrivedAt;
        Instant triagedAt;
        Instant routedAt;
        Instant answeredAt;
        Instant endedAt;

        void apply(CallEvent e) {
            Map<String, String> d = e.data();
            if (anyUniqueid == null) {
                anyUniqueid = text(d, "uniqueid");
            }
            switch (e.type()) {
                case ARRIVED -> {
                    // The IVR and the AMI tracker may both write one (same call id, from the uniqueid): merge
                    // them — earliest time, first value of each field, a test call if either says so.
                    arrivedAt = arrivedAt == null || e.at().isBefore(arrivedAt) ? e.at() : arrivedAt;
                    uniqueid = orElse(uniqueid, text(d, "uniqueid"));
                    linkedid = orElse(linkedid, text(d, "linkedid"));
                    channel = orElse(channel, text(d, "channel"));
                    caller = orElse(caller, text(d, "caller"));
                    dialled = orElse(dialled, text(d, "dialled"));
                    test = test || "true".equalsIgnoreCase(d.get("test"));
                }
                case LANGUAGE_CHOSEN -> language = orElse(text(d, "language"), language);
                case TRIAGED -> {
                    triagedAt = e.at();
                    type = text(d, "type");
                    district = text(d, "district");
                    districtSource = text(d, "districtSource");
                    callerClass = text(d, "callerClass");
                    language = orElse(text(d, "language"), language);
                    panicDevice = text(d, "panicDevice");
                }
                case ROUTE_DECIDED -> {
                    routedAt = e.at();
                    ruleId = text(d, "ruleId");
                }
                case ANSWERED -> {
                    answeredAt = e.at();
                    answeredBy = text(d, "by");
                    outcome = "ANSWERED";
                }
                case TRANSFERRED -> outcome = "TRANSFERRED";
                case ABANDONED -> outcome = "ABANDONED";
                case FALLBACK -> {
                    if (answeredAt == null) {
                        outcome = "FALLBACK";
                    }
                }
                case HUNG_UP -> {
                    endedAt = e.at();
                    hangupCause = text(d, "cause");
                    if (outcome.equals("IN_PROGRESS") && answeredAt == null) {
                        outcome = "ABANDONED";
                    }
                }
                case INCIDENT_LINKED -> incidentId = text(d, "incidentId");
                case MARKED_PRANK -> prank = true;
                default -> {
                    // prompts, digits, targets, queues, notes: timeline only, no column of their own
                }
            }
        }

        private static String text(Map<String, String> data, String key) {
            String v = data.get(key);
            return v == null || v.isBlank() ? null : v.strip();
        }

        private static String orElse(String v, String other) {
            return v != null ? v : other;
        }
    }
}
