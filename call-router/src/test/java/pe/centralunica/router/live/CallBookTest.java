package pe.centralunica.router.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.CoreShowChannelsCompleteEvent;
import org.asteriskjava.manager.event.AgiExecStartEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallIds;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.rules.Target;

/** The tracker's state machine fed hand-made AMI events: resync edge cases and node-independent journal steps. */
class CallBookTest {
    private static final double T0 = 1_796_000_000.0;
    private static final TargetDirectory TARGETS = TargetDirectory.of(List.of(
            new Target("Q-METRO", Target.Kind.QUEUE, "cic-sc", Optional.empty(), 30, true)));

    private final MemoryJournal journal = new MemoryJournal();
    private final List<String> fetched = new ArrayList<>();

    private CallBook book(MemoryJournal j) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond((long) T0 + 100), ZoneOffset.UTC);
        return new CallBook(new Timeline(j), new Dispatchers(new AvailabilityBoard(), TARGETS), clock, fetched::add);
    }

    private static <E extends ManagerEvent> E at(E e, double seconds) {
        e.setTimestamp(T0 + seconds);
        return e;
    }

    private static NewChannelEvent newChannel(String uniqueid, double t) {
        NewChannelEvent e = at(new NewChannelEvent(CallBookTest.class), t);
        e.setUniqueId(uniqueid);
        e.setLinkedid(uniqueid);
        e.setChannel("PJSIP/carrier-" + uniqueid.replace(".", ""));
        e.setContext("cu-inbound");
        e.setExten("911");
        e.setCallerIdNum("987000111");
        return e;
    }

    private static VarSetEvent callId(String uniqueid, UUID id, double t) {
        VarSetEvent e = at(new VarSetEvent(CallBookTest.class), t);
        e.setUniqueId(uniqueid);
        e.setLinkedId(uniqueid);
        e.setChannel("PJSIP/carrier-" + uniqueid.replace(".", ""));
        e.setVariable("CU_CALL_ID");
        e.setValue(id.toString());
        return e;
    }

    private static QueueCallerJoinEvent join(String uniqueid, double t) {
        QueueCallerJoinEvent e = at(new QueueCallerJoinEvent(CallBookTest.class), t);
        e.setUniqueId(uniqueid);
        e.setLinkedId(uniqueid);
        e.setChannel("PJSIP/carrier-" + uniqueid.replace(".", ""));
        e.setQueue("cic-sc");
        e.setPosition(1);
        return e;
    }

    private static HangupEvent hangup(String uniqueid, double t) {
        HangupEvent e = at(new HangupEvent(CallBookTest.class), t);
        e.setUniqueId(uniqueid);
        e.setCause(16);
        e.setCauseTxt("Normal Clearing");
        return e;
    }

    private static CoreShowChannelEvent listed(String uniqueid) {
        CoreShowChannelEvent e = new CoreShowChannelEvent(CallBookTest.class);
        e.setUniqueid(uniqueid);
        e.setLinkedid(uniqueid);
        e.setChannel("PJSIP/carrier-" + uniqueid.replace(".", ""));
        e.setContext("cu-route");
        e.setApplication("Queue");
        e.setDuration("00:00:42");
        return e;
    }

    @Test
    void aCallBornWhileTheResyncListIsBuiltIsNotEndedByIt() {
        CallBook b = book(journal);
        b.apply(newChannel("1796000000.1", 1));
        b.beginResync();
        b.apply(newChannel("1796000000.2", 2)); // after the list was asked for, missing from it
        b.apply(listed("1796000000.1"));
        b.apply(new CoreShowChannelsCompleteEvent(CallBookTest.class));
        assertThat(b.active()).extracting(LiveCall::uniqueid).containsExactly("1796000000.1", "1796000000.2");
    }

    @Test
    void aCallMissingFromTheResyncIsEndedOnceAndAnUnknownOneIsAddedAndAskedForItsVariables() {
        CallBook b = book(journal);
        UUID id = UUID.randomUUID();
        b.apply(newChannel("1796000000.1", 1));
        b.apply(callId("1796000000.1", id, 1.5));
        b.beginResync();
        b.apply(listed("1796000000.9"));
        b.apply(new CoreShowChannelsCompleteEvent(CallBookTest.class));

        assertThat(b.active()).extracting(LiveCall::uniqueid).containsExactly("1796000000.9");
        assertThat(b.active().getFirst().state()).isEqualTo(LiveCall.State.QUEUED);
        assertThat(fetched).containsExactly("1796000000.9");
        assertThat(journal.types(id)).containsExactly(CallEventType.HUNG_UP);
        assertThat(journal.of(id).getFirst().data()).containsEntry("by", "system");

        b.apply(hangup("1796000000.1", 200)); // a late Hangup of the ended call changes nothing
        b.beginResync();
        b.apply(listed("1796000000.9"));
        b.apply(new CoreShowChannelsCompleteEvent(CallBookTest.class));
        assertThat(journal.types(id)).containsExactly(CallEventType.HUNG_UP);
    }

    @Test
    void twoNodesSeeingTheSameEventsWriteTheSameJournalSteps() {
        UUID id = UUID.randomUUID();
        List<List<CallEvent>> perNode = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            MemoryJournal j = new MemoryJournal();
            CallBook b = book(j);
            b.apply(newChannel("1796000000.1", 0.2));
            b.apply(callId("1796000000.1", id, 0.5));
            b.apply(join("1796000000.1", 3.25));
            b.apply(hangup("1796000000.1", 9.5));
            perNode.add(j.of(id));
        }
        assertThat(perNode.get(0)).isEqualTo(perNode.get(1));
        assertThat(perNode.get(0)).extracting(CallEvent::seq)
                .containsExactly(Timeline.TRACKER_SEQ_BASE + 3250 * 8 + 1, Timeline.TRACKER_SEQ_BASE + 9500 * 8 + 6);
    }

    @Test
    void stepsSeenBeforeTheCallIdAreWrittenOnceItArrives() {
        CallBook b = book(journal);
        UUID id = UUID.randomUUID();
        b.apply(newChannel("1796000000.1", 0.2));
        b.apply(join("1796000000.1", 1));
        assertThat(journal.all()).isEmpty();
        b.apply(callId("1796000000.1", id, 2));
        assertThat(journal.types(id)).containsExactly(CallEventType.QUEUE_JOINED);
    }

    @Test
    void aCallWhoseIvrRanButWhoseCallIdNeverArrivedEndsOnTheRecordTheIvrNamed() {
        // Its CU_CALL_ID VarSet fell in a gap (the tracker's inbox overflowed): the steps and the end must not be lost.
        CallBook b = book(journal);
        String uid = "1796000000.3";
        b.apply(newChannel(uid, 0.2));
        AgiExecStartEvent agi = at(new AgiExecStartEvent(CallBookTest.class), 0.3);
        agi.setUniqueId(uid);
        agi.setCommand("GET FULL VARIABLE");
        b.apply(agi);
        b.apply(join(uid, 3.25));
        assertThat(journal.all()).isEmpty();
        b.apply(hangup(uid, 9.5));
        // The IVR names the call from its AGI channel's uniqueid and writes its own ARRIVED: one record, no second ARRIVED.
        assertThat(journal.types(CallIds.forUniqueid(uid))).containsExactly(CallEventType.QUEUE_JOINED, CallEventType.HUNG_UP);
        assertThat(journal.all()).hasSize(2);
    }

    @Test
    void behindALocalChannelTheCallIsNamedFromTheLegTheIvrRanOn() {
        CallBook b = book(journal);
        String first = "1796000000.4";
        String second = "1796000000.5"; // the ;2 leg: it runs the dialplan, so the AGI
        b.apply(newChannel(first, 0.2));
        NewChannelEvent leg = newChannel(second, 0.21);
        leg.setLinkedid(first);
        b.apply(leg);
        AgiExecStartEvent agi = at(new AgiExecStartEvent(CallBookTest.class), 0.3);
        agi.setUniqueId(second);
        agi.setCommand("GET FULL VARIABLE");
        b.apply(agi);
        b.apply(hangup(second, 9.4));
        b.apply(hangup(first, 9.5));
        assertThat(journal.all()).extracting(CallEvent::callId).containsOnly(CallIds.forUniqueid(second));
        assertThat(journal.types(CallIds.forUniqueid(second))).containsExactly(CallEventType.HUNG_UP);
    }

    @Test
    void channelNamesLoseTheirUniqueSuffix() {
        assertThat(CallBook.baseName("PJSIP/disp-150122-01-0000002a")).isEqualTo("PJSIP/disp-150122-01");
        assertThat(CallBook.baseName("Local/911@cu-inbound-0000abcd;2")).isEqualTo("Local/911@cu-inbound");
        assertThat(CallBook.baseName("PJSIP/trunk-pnp-00000001")).isEqualTo("PJSIP/trunk-pnp");
    }
}
