package pe.centralunica.router.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.rules.Target;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.SimulatedAsterisk;
import pe.centralunica.simulator.TrunkSpec;

/** The tracker against the simulator's AMI (real asterisk-java client), the project's dialplan and a tiny IVR. */
class AmiCallTrackerTest {
    private static final String QUEUE = "ser-150122";
    private static final TargetDirectory TARGETS = TargetDirectory.of(List.of(
            new Target("Q-SER-150122", Target.Kind.QUEUE, QUEUE, Optional.empty(), 20, true),
            new Target("Q-METRO", Target.Kind.QUEUE, "cic-sc", Optional.empty(), 30, true),
            new Target("Q-PNP", Target.Kind.QUEUE, "desk-pnp", Optional.empty(), 30, true)));

    private TinyIvr ivr;
    private final MemoryJournal journal = new MemoryJournal();
    private final AvailabilityBoard board = new AvailabilityBoard();

    @BeforeEach
    void startIvr() throws Exception {
        ivr = new TinyIvr(QUEUE);
    }

    @AfterEach
    void stopIvr() {
        ivr.close();
    }

    private SimulatedAsterisk.Builder sim(MemberSpec dispatcher) {
        return SimulatedAsterisk.builder().agiServer("127.0.0.1", ivr.port())
                .queue(QueueSpec.named(QUEUE).member(dispatcher))
                .queue(QueueSpec.named("cic-sc").member(MemberSpec.named("PJSIP/cic-01").answerAfter(Duration.ofSeconds(2))
                        .talkFor(Duration.ofSeconds(20))))
                .queue(QueueSpec.named("desk-pnp").member(MemberSpec.named("PJSIP/desk-pnp-01")
                        .answerAfter(Duration.ofSeconds(2)).talkFor(Duration.ofSeconds(20))))
                .trunk(TrunkSpec.named("carrier").up())
                .ami(0, "cu", "secret").timeScale(0.02).seed(3);
    }

    private static MemberSpec dispatcher() {
        return MemberSpec.named("PJSIP/disp-01").memberName("Dispatcher 1").answerAfter(Duration.ofSeconds(3))
                .talkFor(Duration.ofSeconds(30));
    }

    private static AmiSettings settings(int port, String secret) {
        return AmiSettings.of("127.0.0.1", port, "cu", secret).withPing(Duration.ofMillis(200), Duration.ofMillis(1500))
                .withActionTimeout(Duration.ofMillis(1000)).withRetry(Duration.ofMillis(50), Duration.ofMillis(400));
    }

    private AmiCallTracker tracker(SimulatedAsterisk s) {
        AmiCallTracker t = new AmiCallTracker(settings(s.amiPort(), "secret"), journal, board, TARGETS).start();
        Await.until("the tracker is connected and has resynchronised", () -> t.connected() && !t.dispatchers().isEmpty());
        return t;
    }

    private UUID callIdOf(CallOutcome o) {
        return ivr.callIds.get(o.uniqueid());
    }

    @Test
    void answeredCallsTimelineLandsInTheJournal() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher()).start(); AmiCallTracker t = tracker(s)) {
            CallOutcome o = s.place(CallScript.caller("987654321").dials("911")).get(30, TimeUnit.SECONDS);
            UUID callId = callIdOf(o);
            Await.until("HUNG_UP is journaled", () -> journal.types(callId).contains(CallEventType.HUNG_UP));

            assertThat(journal.types(callId)).containsExactly(CallEventType.QUEUE_JOINED, CallEventType.AGENT_RUNG,
                    CallEventType.ANSWERED, CallEventType.HUNG_UP);
            List<CallEvent> events = journal.of(callId);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.seq()).isGreaterThanOrEqualTo(Timeline.TRACKER_SEQ_BASE);
                assertThat(e.data()).containsEntry("uniqueid", o.uniqueid());
            });
            assertThat(events.get(0).data()).containsEntry("queue", QUEUE).containsEntry("position", "1");
            assertThat(events.get(1).data()).containsEntry("member", "PJSIP/disp-01");
            assertThat(events.get(2).data()).containsEntry("by", "PJSIP/disp-01").containsEntry("queue", QUEUE);
            assertThat(events.get(3).data()).containsEntry("cause", "16").containsEntry("by", "agent");
            Await.until("the call leaves the live list", () -> t.active().isEmpty());
        }
    }

    @Test
    void twoNodesTrackingTheSameAsteriskWriteEachStepOnce() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher()).start(); AmiCallTracker a = tracker(s); AmiCallTracker b = tracker(s)) {
            CallOutcome o = s.place(CallScript.caller("987654000").dials("911")).get(30, TimeUnit.SECONDS);
            UUID callId = callIdOf(o);
            Await.until("both trackers journaled the end", () -> journal.duplicates() >= 4);
            assertThat(journal.types(callId)).containsExactly(CallEventType.QUEUE_JOINED, CallEventType.AGENT_RUNG,
                    CallEventType.ANSWERED, CallEventType.HUNG_UP);
            assertThat(journal.duplicates()).isEqualTo(4);
        }
    }

    @Test
    void liveCallCarriesTheIvrVariablesAndTheDispatchersScreenPop() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher().talkFor(Duration.ofSeconds(200))).start(); AmiCallTracker t = tracker(s)) {
            var f = s.place(CallScript.caller("987000100").dials("116"));
            Await.until("the dispatcher's phone is connected", () -> t.connectedTo("PJSIP/disp-01").isPresent());
            LiveCall c = t.connectedTo("PJSIP/disp-01").orElseThrow();
            assertThat(c.state()).isEqualTo(LiveCall.State.CONNECTED);
            assertThat(c.callerNumber()).isEqualTo("987000100");
            assertThat(c.dialled()).isEqualTo("116");
            assertThat(c.queue()).contains(QUEUE);
            assertThat(c.variable("CU_TYPE")).contains("ROBBERY");
            assertThat(c.callId()).contains(ivr.callIds.get(c.uniqueid()).toString());
            assertThat(t.dispatchers()).filteredOn(d -> d.iface().equals("PJSIP/disp-01")).singleElement()
                    .satisfies(d -> assertThat(d.onCall()).contains(c.uniqueid()));
            f.cancel(true);
        }
    }

    @Test
    void callRoutedToATrunkIsAnsweredByTheTrunk() throws Exception {
        ivr.routeTo("DIAL", "PJSIP/105@trunk-pnp");
        try (SimulatedAsterisk s = sim(dispatcher()).trunk(TrunkSpec.named("trunk-pnp").up()).start(); AmiCallTracker t = tracker(s)) {
            CallOutcome o = s.place(CallScript.caller("987000222").dials("105")).get(30, TimeUnit.SECONDS);
            UUID callId = callIdOf(o);
            Await.until("HUNG_UP is journaled", () -> journal.types(callId).contains(CallEventType.HUNG_UP));
            assertThat(journal.types(callId)).containsExactly(CallEventType.ANSWERED, CallEventType.HUNG_UP);
            assertThat(journal.of(callId).getFirst().data()).containsEntry("by", "PJSIP/trunk-pnp")
                    .containsEntry("dialled", "105@trunk-pnp");
        }
    }

    @Test
    void callerWhoHangsUpInTheQueueIsAbandoned() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher().loggedOut()).start(); AmiCallTracker t = tracker(s)) {
            CallOutcome o = s.place(CallScript.caller("987000555").dials("911").hangsUpAfter(Duration.ofSeconds(40)))
                    .get(30, TimeUnit.SECONDS);
            UUID callId = callIdOf(o);
            Await.until("HUNG_UP is journaled", () -> journal.types(callId).contains(CallEventType.HUNG_UP));
            assertThat(journal.types(callId)).containsExactly(CallEventType.QUEUE_JOINED, CallEventType.ABANDONED,
                    CallEventType.HUNG_UP);
            CallEvent abandoned = journal.of(callId).get(1);
            assertThat(abandoned.data()).containsEntry("queue", QUEUE);
            assertThat(Integer.parseInt(abandoned.data().get("waitSeconds"))).isPositive().isLessThan(40); // 40 s minus the IVR
            assertThat(journal.of(callId).get(2).data()).containsEntry("by", "caller");
        }
    }

    @Test
    void queueWithNobodyLoggedInIsMarkedDownAndUpAgain() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher()).start(); AmiCallTracker t = tracker(s)) {
            assertThat(board.downReason("Q-SER-150122")).isEmpty();
            s.queue(QUEUE).member("PJSIP/disp-01").logout();
            Await.until("the queue's target is down", () -> board.downReason("Q-SER-150122").isPresent());
            assertThat(board.downReason("Q-SER-150122").orElseThrow()).contains("no dispatcher logged in");
            assertThat(t.dispatchers()).filteredOn(d -> d.iface().equals("PJSIP/disp-01")).singleElement()
                    .satisfies(d -> assertThat(d.loggedIn()).isFalse());

            s.queue(QUEUE).member("PJSIP/disp-01").login();
            Await.until("the queue's target is up", () -> board.downReason("Q-SER-150122").isEmpty());
            s.queue(QUEUE).member("PJSIP/disp-01").pause("break");
            Await.until("a paused queue is down", () -> board.downReason("Q-SER-150122").isPresent());
            assertThat(board.downReason("Q-SER-150122").orElseThrow()).contains("paused");
        }
    }

    @Test
    void fallbackCallWithoutOurIvrStillLeavesARecord() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher()).start(); AmiCallTracker t = tracker(s)) {
            s.faults().agiUnreachable(true);
            CallOutcome o = s.place(CallScript.caller("987000333").dials("911")).get(30, TimeUnit.SECONDS);
            UUID callId = Timeline.fallbackCallId(o.uniqueid());
            Await.until("HUNG_UP is journaled", () -> journal.types(callId).contains(CallEventType.HUNG_UP));
            assertThat(journal.types(callId)).containsExactly(CallEventType.ARRIVED, CallEventType.FALLBACK,
                    CallEventType.QUEUE_JOINED, CallEventType.AGENT_RUNG, CallEventType.ANSWERED, CallEventType.HUNG_UP);
            CallEvent arrived = journal.of(callId).getFirst();
            assertThat(arrived.seq()).isZero();
            assertThat(arrived.data()).containsEntry("uniqueid", o.uniqueid()).containsEntry("linkedid", o.linkedid())
                    .containsEntry("caller", "987000333").containsEntry("dialled", "911").containsEntry("test", "false");
            assertThat(journal.of(callId).get(4).data()).containsEntry("by", "PJSIP/cic-01");
        }
    }

    @Test
    void droppedLinkIsRestoredAndResyncEndsGhostsAndFindsNewCalls() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher().loggedOut()).start(); AmiCallTracker t = tracker(s)) {
            var a = s.place(CallScript.caller("987000001").dials("911").hangsUpAfter(Duration.ofSeconds(150)));
            Await.until("call A is queued", () -> t.active().stream().anyMatch(c -> c.state() == LiveCall.State.QUEUED));
            String aUniqueid = t.active().getFirst().uniqueid();

            s.faults().amiStall(true);
            Await.until("the tracker notices the dead link", () -> !t.connected());
            var b = s.place(CallScript.caller("987000002").dials("911").hangsUpAfter(Duration.ofSeconds(900)));
            CallOutcome aDone = a.get(30, TimeUnit.SECONDS);
            assertThat(t.active()).extracting(LiveCall::uniqueid).containsExactly(aUniqueid); // stale until resync
            s.faults().amiStall(false);

            Await.until("reconnected", t::connected);
            Await.until("A is gone and B is seen with its call id", () -> t.active().size() == 1
                    && !t.active().getFirst().uniqueid().equals(aUniqueid) && t.active().getFirst().callId().isPresent());
            LiveCall bLive = t.active().getFirst();
            assertThat(bLive.callerNumber()).isEqualTo("987000002");
            assertThat(bLive.state()).isEqualTo(LiveCall.State.QUEUED);
            assertThat(bLive.callId()).contains(ivr.callIds.get(bLive.uniqueid()).toString());
            assertThat(bLive.variable("CU_TYPE")).contains("ROBBERY");
            assertThat(t.sessions()).isGreaterThanOrEqualTo(2);
            UUID aId = callIdOf(aDone);
            Await.until("A's end is journaled", () -> journal.types(aId).contains(CallEventType.HUNG_UP));
            assertThat(journal.types(aId)).containsOnlyOnce(CallEventType.HUNG_UP);
            b.cancel(true);
        }
    }

    @Test
    void linkClosedByAsteriskOrCorruptedIsReestablishedAndCallsKeepBeingTracked() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher().loggedOut()).start(); AmiCallTracker t = tracker(s)) {
            s.faults().amiDrop();
            Await.until("a second session", () -> t.sessions() >= 2 && t.connected());
            s.faults().amiHalfWrittenFrame();
            Await.until("a third session", () -> t.sessions() >= 3 && t.connected());
            s.faults().amiGarbage();
            var call = s.place(CallScript.caller("987000444").dials("911").hangsUpAfter(Duration.ofSeconds(60)));
            Await.until("the new call is queued", () -> t.active().stream().anyMatch(c -> c.state() == LiveCall.State.QUEUED
                    && c.callerNumber().equals("987000444")));
            CallOutcome o = call.get(30, TimeUnit.SECONDS);
            UUID callId = callIdOf(o);
            Await.until("its end is journaled", () -> journal.types(callId).contains(CallEventType.HUNG_UP));
            assertThat(journal.types(callId)).containsExactly(CallEventType.QUEUE_JOINED, CallEventType.ABANDONED,
                    CallEventType.HUNG_UP);
            Await.until("no ghost", () -> t.active().isEmpty());
        }
    }

    @Test
    void aTrackerThatFellAWholeInboxBehindResynchronisesOnceCaughtUp() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher()).start();
             AmiCallTracker t = new AmiCallTracker(settings(s.amiPort(), "secret"), journal, board, TARGETS,
                     java.time.Clock.systemUTC(), 20).start()) {
            Await.until("connected", () -> t.connected() && !t.dispatchers().isEmpty());
            CountDownLatch release = new CountDownLatch(1);
            t.onChange(c -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CallOutcome o = s.place(CallScript.caller("987000901").dials("911")).get(30, TimeUnit.SECONDS);
            Await.until("events were dropped", () -> t.eventsDropped() > 0);
            assertThat(t.inboxDepth()).as("a full inbox").isEqualTo(20);
            release.countDown();
            Await.until("the inbox is worked off", () -> t.inboxDepth() == 0);
            Await.until("a new session resynchronised", () -> t.sessions() >= 2 && t.connected());
            Await.until("the ended call is not a ghost", () -> t.active().isEmpty());
            UUID callId = callIdOf(o);
            Await.until("its end is journaled", () -> journal.types(callId).contains(CallEventType.HUNG_UP));
        }
    }

    @Test
    void firstLoginIsRetriedUntilAsteriskIsUp() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (AmiCallTracker t = new AmiCallTracker(settings(port, "secret"), journal, board, TARGETS).start()) {
            Await.until("several failed attempts", () -> t.loginAttempts() >= 3);
            assertThat(t.connected()).isFalse();
            try (SimulatedAsterisk s = SimulatedAsterisk.builder().queue(QueueSpec.named(QUEUE).member(dispatcher()))
                    .ami(port, "cu", "secret").timeScale(0.02).start()) {
                Await.until("connected once Asterisk is up", t::connected);
                Await.until("dispatchers resynchronised", () -> !t.dispatchers().isEmpty());
            }
        }
    }

    @Test
    void wrongSecretKeepsRetryingWithoutConnecting() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher()).start();
             AmiCallTracker t = new AmiCallTracker(settings(s.amiPort(), "wrong"), journal, board, TARGETS).start()) {
            Await.until("several failed attempts", () -> t.loginAttempts() >= 3);
            assertThat(t.connected()).isFalse();
            assertThat(t.sessions()).isZero();
        }
    }

    @Test
    void transferRedirectsTheCallerToTheAgencyWithTheIncident() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher().talkFor(Duration.ofSeconds(300))).start(); AmiCallTracker t = tracker(s)) {
            var f = s.place(CallScript.caller("987000777").dials("911").hangsUpAfterAnswer(Duration.ofSeconds(200)));
            Await.until("connected to the dispatcher", () -> t.connectedTo("PJSIP/disp-01").isPresent());
            LiveCall c = t.connectedTo("PJSIP/disp-01").orElseThrow();

            t.transfer(c.uniqueid(), "Q-PNP", 42).get(5, TimeUnit.SECONDS);

            UUID callId = UUID.fromString(c.callId().orElseThrow());
            Await.until("answered at the agency desk", () -> t.connectedTo("PJSIP/desk-pnp-01").isPresent());
            LiveCall moved = t.connectedTo("PJSIP/desk-pnp-01").orElseThrow();
            assertThat(moved.variable("CU_INCIDENT_ID")).contains("42");
            assertThat(moved.queue()).contains("desk-pnp");
            Await.until("TRANSFERRED journaled", () -> journal.types(callId).contains(CallEventType.TRANSFERRED));
            CallEvent transferred = journal.of(callId).stream().filter(e -> e.type() == CallEventType.TRANSFERRED)
                    .findFirst().orElseThrow();
            assertThat(transferred.data()).containsEntry("to", "Q-PNP").containsEntry("by", "PJSIP/disp-01")
                    .containsEntry("incidentId", "42");
            assertThat(journal.types(callId)).containsSubsequence(CallEventType.ANSWERED, CallEventType.TRANSFERRED,
                    CallEventType.QUEUE_JOINED, CallEventType.ANSWERED);
            assertThat(t.connectedTo("PJSIP/disp-01")).isEmpty();
            f.cancel(true);
        }
    }

    @Test
    void transferOfAnUnknownCallOrTargetFailsAtOnce() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher()).start(); AmiCallTracker t = tracker(s)) {
            assertThat(t.transfer("1.1", "Q-PNP", 1)).failsWithin(Duration.ofSeconds(1));
        }
    }

    @Test
    void callBackRingsTheDispatcherThenDialsTheCitizen() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher().answerAfter(Duration.ofSeconds(1))).start(); AmiCallTracker t = tracker(s)) {
            t.callBack("PJSIP/disp-01", "987654321", 7).get(10, TimeUnit.SECONDS);
            Await.until("the citizen's line is dialled on the outbound trunk", () -> s.trunk("carrier").callsAnswered() == 1);
            assertThat(t.active()).isEmpty(); // a call-back is not an emergency call
            assertThat(t.callBack("PJSIP/disp-01", "not-a-number", 7)).failsWithin(Duration.ofSeconds(1));
        }
    }

    @Test
    void aSlowListenerNeverBlocksTheAmiPump() throws Exception {
        try (SimulatedAsterisk s = sim(dispatcher()).start(); AmiCallTracker t = tracker(s)) {
            CountDownLatch release = new CountDownLatch(1);
            t.onChange(c -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long before = t.eventsReceived();
            CallOutcome o = s.place(CallScript.caller("987000900").dials("911")).get(30, TimeUnit.SECONDS);
            Await.until("the whole call's events were received while the consumer is stuck",
                    () -> t.eventsReceived() - before > 20);
            assertThat(t.connected()).isTrue(); // pings still answered: the pump thread is free
            assertThat(journal.types(callIdOf(o))).doesNotContain(CallEventType.HUNG_UP);
            release.countDown();
            Await.until("the backlog is worked off", () -> journal.types(callIdOf(o)).contains(CallEventType.HUNG_UP));
        }
    }
}
