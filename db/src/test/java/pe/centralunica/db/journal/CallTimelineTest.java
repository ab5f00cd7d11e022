package pe.centralunica.db.journal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CallTimelineTest {

    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00.123Z");

    @Test
    void answeredCallCarriesEveryTimestampAndTheAnsweringDispatcher() {
        TestCall call = TestCall.at(T0, 1);

        DerivedCall d = CallTimeline.derive(call.id, call.answeredTimeline("MEDICAL", "150122"));

        assertThat(d.arrived()).isTrue();
        assertThat(d.uniqueid()).isEqualTo(call.uniqueid);
        assertThat(d.callerNumber()).isEqualTo("987654321");
        assertThat(d.dialledNumber()).isEqualTo("911");
        assertThat(d.emergencyType()).isEqualTo("MEDICAL");
        assertThat(d.district()).isEqualTo("150122");
        assertThat(d.districtSource()).isEqualTo("TRUNK");
        assertThat(d.ruleId()).isEqualTo("7");
        assertThat(d.answeredBy()).isEqualTo("disp-101");
        assertThat(d.outcome()).isEqualTo("ANSWERED");
        assertThat(d.hangupCause()).isEqualTo("16");
        assertThat(d.arrivedAt()).isEqualTo(T0);
        assertThat(d.triagedAt()).isEqualTo(T0.plusMillis(2_100));
        assertThat(d.routedAt()).isEqualTo(T0.plusMillis(2_110));
        assertThat(d.answeredAt()).isEqualTo(T0.plusMillis(9_000));
        assertThat(d.endedAt()).isEqualTo(T0.plusMillis(60_000));
    }

    @Test
    void callerWhoHangsUpBeforeAnyoneAnswersIsAbandoned() {
        TestCall call = TestCall.at(T0, 2);
        List<CallEvent> events = List.of(call.arrived(),
                call.event(3_000, CallEventType.HUNG_UP, Map.of("cause", "16", "by", "caller")));

        assertThat(CallTimeline.derive(call.id, events).outcome()).isEqualTo("ABANDONED");
    }

    @Test
    void fallbackAfterAnAnswerDoesNotHideTheAnswer() {
        TestCall call = TestCall.at(T0, 3);
        List<CallEvent> events = List.of(call.arrived(),
                call.event(1_000, CallEventType.ANSWERED, Map.of("by", "disp-7")),
                call.event(2_000, CallEventType.FALLBACK, Map.of("reason", "agi-failed")),
                call.event(3_000, CallEventType.HUNG_UP, Map.of("cause", "16")));

        assertThat(CallTimeline.derive(call.id, events).outcome()).isEqualTo("ANSWERED");
    }

    @Test
    void fallbackBeforeAnyAnswerMarksTheCallFallback() {
        TestCall call = TestCall.at(T0, 4);
        List<CallEvent> events = List.of(call.arrived(),
                call.event(1_000, CallEventType.FALLBACK, Map.of("reason", "no route")),
                call.event(3_000, CallEventType.HUNG_UP, Map.of("cause", "16")));

        assertThat(CallTimeline.derive(call.id, events).outcome()).isEqualTo("FALLBACK");
    }

    @Test
    void theRowIsTheSameWhateverOrderTheEventsArriveIn() {
        TestCall call = TestCall.at(T0, 5);
        List<CallEvent> events = new ArrayList<>(call.answeredTimeline("FIRE", "150101"));
        events.add(call.event(61_000, CallEventType.MARKED_PRANK, Map.of("by", "sup-1")));
        DerivedCall inOrder = CallTimeline.derive(call.id, events);

        List<CallEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(42));

        assertThat(CallTimeline.derive(call.id, shuffled)).isEqualTo(inOrder);
        assertThat(inOrder.prank()).isTrue();
    }

    @Test
    void eventsWithoutArrivedYieldAPlaceholderThatUsesTheirUniqueidAndEarliestTime() {
        TestCall call = TestCall.at(T0, 6);
        List<CallEvent> fromOtherNode = List.of(
                call.eventAt(9, 20_000, CallEventType.ANSWERED, Map.of("by", "disp-2", "uniqueid", call.uniqueid)),
                call.eventAt(8, 15_000, CallEventType.TARGET_TRIED, Map.of("uniqueid", call.uniqueid)));

        DerivedCall d = CallTimeline.derive(call.id, fromOtherNode);

        assertThat(d.arrived()).isFalse();
        assertThat(d.uniqueid()).isEqualTo(call.uniqueid);
        assertThat(d.arrivedAt()).isEqualTo(T0.plusMillis(15_000));
        assertThat(d.outcome()).isEqualTo("ANSWERED");
    }
}
