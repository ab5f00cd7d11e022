package pe.centralunica.router.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.CoreShowChannelsCompleteEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.journal.CallIds;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.rules.Target;

/**
 * After an AMI gap the records say what Asterisk did: the tracker's state machine fed hand-made AMI events, a
 * gap (a new session's resync), and the queue-log lines Asterisk wrote meanwhile (in Asterisk's own format).
 */
class QueueLogReconcileTest {
    private static final long T0 = 1_796_000_000L;
    private static final String CALLER = T0 + ".1";
    private static final String AGENT = "PJSIP/disp-150122-01";
    private static final TargetDirectory TARGETS = TargetDirectory.of(List.of(
            new Target("Q-METRO", Target.Kind.QUEUE, "cic-sc", Optional.empty(), 30, true)));

    private final MemoryJournal journal = new MemoryJournal();
    private final List<QueueLogEntry> written = new ArrayList<>();
    private final QueueLog queueLog = () -> {
        List<QueueLogEntry> out = List.copyOf(written);
        written.clear();
        return out;
    };
    private final List<CallEndRecord> cdrs = new ArrayList<>();
    private final CdrLog cdrLog = () -> {
        List<CallEndRecord> out = List.copyOf(cdrs);
        cdrs.clear();
        return out;
    };
    private final UUID callId = UUID.randomUUID();
    private final CallBook book = new CallBook(new Timeline(journal), new Dispatchers(new AvailabilityBoard(), TARGETS),
            Clock.fixed(Instant.ofEpochSecond(T0 + 100), ZoneOffset.UTC), u -> { }, new AsteriskLogs(queueLog, cdrLog));

    private static <E extends ManagerEvent> E at(E e, double seconds) {
        e.setTimestamp(T0 + seconds);
        return e;
    }

    private void log(String line) {
        written.add(QueueLogEntry.parse(line).orElseThrow());
    }

    /** A call that the stream saw arrive, get its id and join cic-sc at +3.25 s; then the link goes. */
    private void queuedCallThenGap() {
        book.beginResync(); // first session
        book.apply(new CoreShowChannelsCompleteEvent(this));
        NewChannelEvent n = at(new NewChannelEvent(this), 0.2);
        n.setUniqueId(CALLER);
        n.setLinkedid(CALLER);
        n.setChannel("PJSIP/carrier-0001");
        n.setContext("cu-inbound");
        n.setExten("911");
        book.apply(n);
        VarSetEvent v = at(new VarSetEvent(this), 0.5);
        v.setUniqueId(CALLER);
        v.setLinkedId(CALLER);
        v.setChannel("PJSIP/carrier-0001");
        v.setVariable("CU_CALL_ID");
        v.setValue(callId.toString());
        book.apply(v);
        QueueCallerJoinEvent j = at(new QueueCallerJoinEvent(this), 3.25);
        j.setUniqueId(CALLER);
        j.setLinkedId(CALLER);
        j.setChannel("PJSIP/carrier-0001");
        j.setQueue("cic-sc");
        j.setPosition(1);
        book.apply(j);
        AgentCalledEvent rung = at(new AgentCalledEvent(this), 3.3);
        rung.setUniqueId(CALLER);
        rung.setQueue("cic-sc");
        rung.setInterface(AGENT);
        book.apply(rung);
        // Asterisk's queue log has the same steps, in whole seconds, and goes on while the link is down.
        log(T0 + 3 + "|" + CALLER + "|cic-sc|NONE|ENTERQUEUE||987000111|1");
    }

    private void resyncListing(CoreShowChannelEvent... live) {
        book.beginResync();
        for (CoreShowChannelEvent e : live) {
            book.apply(e);
        }
        book.apply(new CoreShowChannelsCompleteEvent(this));
    }

    private CoreShowChannelEvent talking(String uniqueid, String bridge, String channel) {
        CoreShowChannelEvent e = new CoreShowChannelEvent(this);
        e.setUniqueid(uniqueid);
        e.setLinkedid(CALLER);
        e.setChannel(channel);
        e.setContext("cu-route");
        e.setApplication("Queue");
        e.setBridgeid(bridge);
        e.setDuration("00:00:20");
        return e;
    }

    private CallEvent only(CallEventType type) {
        List<CallEvent> of = journal.of(callId).stream().filter(e -> e.type() == type).toList();
        assertThat(of).as(type + " written once").hasSize(1);
        return of.getFirst();
    }

    @Test
    void aCallAnsweredAndEndedWhileTheLinkWasDownIsAnsweredByTheAgentAndEndsAtAsterisksTime() {
        queuedCallThenGap();
        log(T0 + 12 + "|" + CALLER + "|cic-sc|" + AGENT + "|CONNECT|9|" + T0 + ".7|1");
        log(T0 + 40 + "|" + CALLER + "|cic-sc|" + AGENT + "|COMPLETECALLER|9|28|1");

        resyncListing(); // the caller is gone

        assertThat(journal.types(callId)).containsExactly(CallEventType.QUEUE_JOINED, CallEventType.AGENT_RUNG,
                CallEventType.AGENT_RUNG, CallEventType.ANSWERED, CallEventType.HUNG_UP);
        CallEvent answered = only(CallEventType.ANSWERED);
        assertThat(answered.at()).isEqualTo(Instant.ofEpochSecond(T0 + 12));
        assertThat(answered.data()).containsEntry("by", AGENT).containsEntry("source", "queue_log").containsEntry("holdSeconds", "9");
        CallEvent hungUp = only(CallEventType.HUNG_UP);
        assertThat(hungUp.at()).as("Asterisk's end, not the resync's").isEqualTo(Instant.ofEpochSecond(T0 + 40));
        assertThat(hungUp.data()).containsEntry("by", "caller");
        assertThat(only(CallEventType.QUEUE_JOINED).data()).doesNotContainKey("source"); // the stream's, kept
        assertThat(journal.duplicates()).isZero();
        assertThat(book.active()).isEmpty();
    }

    @Test
    void eventsOfTheNewSessionThatPrecedeItsResyncDoNotHideTheGapsAnswer() {
        queuedCallThenGap();
        log(T0 + 12 + "|" + CALLER + "|cic-sc|" + AGENT + "|CONNECT|9|" + T0 + ".7|1");
        // The new session streams from its login on (a ringing phone's dialplan, say), seconds after the answer,
        // and some of it reaches the book before the resync does.
        book.sessionBegins();
        VarSetEvent later = at(new VarSetEvent(this), 20.4);
        later.setUniqueId(T0 + ".9");
        later.setLinkedId(T0 + ".9");
        later.setChannel("Local/ring@cu-test-agents-00000009;2");
        later.setVariable("SOMETHING");
        later.setValue("x");
        book.apply(later);

        resyncListing(talking(CALLER, "b-1", "PJSIP/carrier-0001"), talking(T0 + ".7", "b-1", AGENT + "-00000007"));

        CallEvent answered = only(CallEventType.ANSWERED);
        assertThat(answered.at()).isEqualTo(Instant.ofEpochSecond(T0 + 12));
        assertThat(answered.data()).containsEntry("by", AGENT).containsEntry("source", "queue_log");
        assertThat(book.active()).singleElement().satisfies(c -> assertThat(c.answeredBy()).contains(AGENT));
    }

    @Test
    void aCallAnsweredWhileTheLinkWasDownAndStillTalkingIsShownConnectedToThatAgent() {
        queuedCallThenGap();
        book.apply(member("cic-sc", AGENT, "Rosa")); // members are known by interface and by name
        log(T0 + 12 + "|" + CALLER + "|cic-sc|Rosa|CONNECT|9|" + T0 + ".7|2");

        resyncListing(talking(CALLER, "b-1", "PJSIP/carrier-0001"), talking(T0 + ".7", "b-1", AGENT + "-00000007"));

        assertThat(book.active()).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(LiveCall.State.CONNECTED);
            assertThat(c.answeredBy()).contains(AGENT);
        });
        assertThat(only(CallEventType.ANSWERED).data()).containsEntry("by", AGENT).containsEntry("memberName", "Rosa");
        assertThat(journal.types(callId)).doesNotContain(CallEventType.HUNG_UP);
    }

    @Test
    void aCallerWhoAbandonedWhileTheLinkWasDownIsAbandonedAtThatTime() {
        queuedCallThenGap();
        log(T0 + 30 + "|" + CALLER + "|cic-sc|NONE|ABANDON|1|1|27");

        resyncListing();

        assertThat(journal.types(callId)).containsExactly(CallEventType.QUEUE_JOINED, CallEventType.AGENT_RUNG,
                CallEventType.ABANDONED, CallEventType.HUNG_UP);
        assertThat(only(CallEventType.ABANDONED).data()).containsEntry("waitSeconds", "27");
        assertThat(only(CallEventType.HUNG_UP).at()).isEqualTo(Instant.ofEpochSecond(T0 + 30));
    }

    @Test
    void aCallThatBeganAndEndedInsideTheGapGetsItsQueueStepsUnderTheIdOurIvrGaveIt() {
        queuedCallThenGap();
        String other = T0 + ".20";
        log(T0 + 15 + "|" + other + "|cic-sc|NONE|ENTERQUEUE||987000222|2");
        log(T0 + 18 + "|" + other + "|cic-sc|" + AGENT + "|CONNECT|3|" + T0 + ".22|1");
        log(T0 + 25 + "|" + other + "|cic-sc|" + AGENT + "|COMPLETEAGENT|3|7|2");

        resyncListing(talking(CALLER, "", "PJSIP/carrier-0001"));

        UUID id = CallIds.forUniqueid(other);
        assertThat(journal.types(id)).containsExactly(CallEventType.QUEUE_JOINED, CallEventType.AGENT_RUNG,
                CallEventType.ANSWERED, CallEventType.HUNG_UP);
        assertThat(journal.of(id).getLast().at()).isEqualTo(Instant.ofEpochSecond(T0 + 25));
        assertThat(journal.of(id).getLast().data()).containsEntry("by", "agent");
        assertThat(book.active()).singleElement().satisfies(c -> assertThat(c.state()).isEqualTo(LiveCall.State.QUEUED));
    }

    @Test
    void aSecondGapDoesNotReplayTheFirstGapsSteps() {
        queuedCallThenGap();
        log(T0 + 12 + "|" + CALLER + "|cic-sc|" + AGENT + "|CONNECT|9|" + T0 + ".7|1");
        resyncListing(talking(CALLER, "b-1", "PJSIP/carrier-0001"));
        int written = journal.all().size();

        resyncListing(talking(CALLER, "b-1", "PJSIP/carrier-0001"));

        assertThat(journal.all()).hasSize(written);
        assertThat(journal.duplicates()).isZero();
    }

    @Test
    void aCallTransferredOutOfTheBridgeIsNotEndedAtTheTransferTheLogCallsACompletion() {
        queuedCallThenGap();
        log(T0 + 5 + "|" + CALLER + "|cic-sc|" + AGENT + "|CONNECT|2|" + T0 + ".7|1");
        book.transferred(CALLER, "Q-PNP", AGENT, 42, T0 + 20.5); // Redirect to a trunk: no queue line follows
        log(T0 + 20 + "|" + CALLER + "|cic-sc|" + AGENT + "|COMPLETEAGENT|2|15|1");

        resyncListing(); // gone, somewhere after the transfer

        CallEvent hungUp = only(CallEventType.HUNG_UP);
        assertThat(hungUp.at()).as("not the transfer's time").isEqualTo(Instant.ofEpochSecond(T0 + 100));
        assertThat(hungUp.data()).containsEntry("by", "system");
    }

    @Test
    void aCallThatVanishedOutsideAnyQueueEndsAtItsCdrsEndToTheMicrosecond() {
        queuedCallThenGap();
        log(T0 + 5 + "|" + CALLER + "|cic-sc|NONE|EXITWITHTIMEOUT|1|1|2"); // on to a trunk: no queue line tells its end
        // Two records for the caller (the queue leg, the trunk leg): its hang-up ends the last.
        cdrs.add(CallEndRecord.parse("\"" + CALLER + "\",\"" + CALLER + "\"," + T0 + ".200000," + T0 + ".400000," + T0
                + ".5,\"ANSWERED\"").orElseThrow());
        cdrs.add(CallEndRecord.parse("\"" + CALLER + "\",\"" + CALLER + "\"," + T0 + ".5," + (T0 + 9) + ".5," + (T0 + 37)
                + ".123456,\"ANSWERED\"").orElseThrow());

        resyncListing();

        CallEvent hungUp = only(CallEventType.HUNG_UP);
        assertThat(hungUp.at()).isEqualTo(Instant.ofEpochSecond(T0 + 37, 123_000_000));
        assertThat(hungUp.data()).containsEntry("source", "cdr").containsEntry("by", "system");
    }

    @Test
    void theCdrsEndWinsOverTheQueueLogsWholeSecondAndKeepsWhoHungUp() {
        queuedCallThenGap();
        log(T0 + 12 + "|" + CALLER + "|cic-sc|" + AGENT + "|CONNECT|9|" + T0 + ".7|1");
        log(T0 + 40 + "|" + CALLER + "|cic-sc|" + AGENT + "|COMPLETEAGENT|9|28|1");
        cdrs.add(new CallEndRecord(CALLER, CALLER, T0 + 40.734, "ANSWERED"));

        resyncListing();

        CallEvent hungUp = only(CallEventType.HUNG_UP);
        assertThat(hungUp.at()).isEqualTo(Instant.ofEpochSecond(T0 + 40, 734_000_000));
        assertThat(hungUp.data()).containsEntry("by", "agent");
    }

    @Test
    void aCallerWhoReentersAQueueAfterACompletionHasNotEnded() {
        var h = QueueHistory.of(CALLER, java.util.stream.Stream.of(
                        T0 + 5 + "|" + CALLER + "|cic-sc|" + AGENT + "|CONNECT|2|" + T0 + ".7|1",
                        T0 + 20 + "|" + CALLER + "|cic-sc|" + AGENT + "|COMPLETEAGENT|2|15|1",
                        T0 + 21 + "|" + CALLER + "|desk-pnp|NONE|ENTERQUEUE||987000111|1")
                .map(l -> QueueLogEntry.parse(l).orElseThrow()).toList());
        assertThat(h.ended()).isEmpty();
    }

    private QueueMemberEvent member(String queue, String iface, String name) {
        QueueMemberEvent m = new QueueMemberEvent(this);
        m.setQueue(queue);
        m.setLocation(iface);
        m.setName(name);
        m.setStatus(1);
        m.setPaused(false);
        return m;
    }
}
