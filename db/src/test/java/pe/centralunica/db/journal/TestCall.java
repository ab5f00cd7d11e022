package pe.centralunica.db.journal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the events of one call, numbered and timed like the call path would. */
final class TestCall {

    final UUID id = UUID.randomUUID();
    final String uniqueid;
    final Instant start;
    private int seq;

    TestCall(Instant start, int n) {
        this.start = start;
        this.uniqueid = (start.getEpochSecond()) + "." + n;
    }

    static TestCall at(Instant start, int n) {
        return new TestCall(start, n);
    }

    CallEvent event(long offsetMillis, CallEventType type, Map<String, String> data) {
        return new CallEvent(UUID.randomUUID(), id, seq++, start.plusMillis(offsetMillis), type, data);
    }

    /** An event with an explicit seq (as another node continuing the call would write it). */
    CallEvent eventAt(int explicitSeq, long offsetMillis, CallEventType type, Map<String, String> data) {
        return new CallEvent(UUID.randomUUID(), id, explicitSeq, start.plusMillis(offsetMillis), type, data);
    }

    CallEvent arrived() {
        return event(0, CallEventType.ARRIVED, Map.of("uniqueid", uniqueid, "linkedid", uniqueid,
                "channel", "PJSIP/trunk-0000001", "caller", "987654321", "dialled", "911", "test", "false"));
    }

    /** A complete answered call: arrived, prompts, triage, route, target, answer, hang-up. */
    List<CallEvent> answeredTimeline(String type, String district) {
        List<CallEvent> events = new ArrayList<>();
        events.add(arrived());
        events.add(event(50, CallEventType.PROMPT_PLAYED, Map.of("prompt", "cu-welcome", "language", "es")));
        events.add(event(2_000, CallEventType.DIGIT, Map.of("digit", "3", "menu", "type")));
        events.add(event(2_100, CallEventType.TRIAGED, Map.of("type", type, "district", district,
                "districtSource", "TRUNK", "callerClass", "NORMAL", "language", "es")));
        events.add(event(2_110, CallEventType.ROUTE_DECIDED, Map.of("ruleId", "7", "ruleName", "medical",
                "priority", "1", "targets", "Q-SAMU", "explanation", "type MEDICAL")));
        events.add(event(2_120, CallEventType.TARGET_TRIED, Map.of("step", "1", "target", "Q-SAMU", "kind", "QUEUE")));
        events.add(event(9_000, CallEventType.ANSWERED, Map.of("by", "disp-101", "queue", "Q-SAMU")));
        events.add(event(60_000, CallEventType.HUNG_UP, Map.of("cause", "16", "by", "caller")));
        return events;
    }
}
