package pe.centralunica.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** app_queue and app_dial behaviour without any AGI: a dialplan that queues or dials straight away. */
class QueueBehaviourTest {
    private static final String DIALPLAN = """
            [q]
            exten => _X.,1,Answer()
             same => n,Set(QUEUE_PRIO=${PRIO})
             same => n,Queue(${QNAME},c,,,${QTIMEOUT})
             same => n,Hangup()
            [d]
            exten => _X.,1,Dial(${TARGET},10)
             same => n,Hangup()
            [xfer]
            exten => fire,1,Set(QNAME=fire-desk)
             same => n,Queue(fire-desk,c,,,30)
             same => n,Hangup()
            """;

    private static CallScript queued(String number, String queue, int prio, int timeout) {
        return CallScript.caller(number).context("q").dials("100").hangsUpAfter(Duration.ofSeconds(600))
                .variable("QNAME", queue)
                .variable("PRIO", Integer.toString(prio)).variable("QTIMEOUT", Integer.toString(timeout));
    }

    private static SimulatedAsterisk.Builder sim() {
        return SimulatedAsterisk.builder().dialplanText(DIALPLAN).timeScale(0.01);
    }

    @Test
    void higherQueuePrioIsAnsweredFirstEvenWhenItArrivedLater() throws Exception {
        try (SimulatedAsterisk s = sim().queue(QueueSpec.named("desk").member(MemberSpec.named("PJSIP/d1").loggedOut()
                .answerAfter(Duration.ofSeconds(1)).talkFor(Duration.ofSeconds(10)))).start()) {
            CompletableFuture<CallOutcome> low = s.place(queued("1", "desk", 1, 0));
            AwaitCondition.until("the low-priority caller waits", () -> s.queue("desk").waiting() == 1);
            CompletableFuture<CallOutcome> high = s.place(queued("2", "desk", 10, 0));
            AwaitCondition.until("both callers wait", () -> s.queue("desk").waiting() == 2);
            s.queue("desk").member("PJSIP/d1").login();

            CallOutcome h = high.get(10, TimeUnit.SECONDS);
            CallOutcome l = low.get(10, TimeUnit.SECONDS);
            assertThat(h.disposition()).isEqualTo(Disposition.ANSWERED);
            assertThat(l.disposition()).isEqualTo(Disposition.ANSWERED);
            // the high-priority caller was answered first, so the low one waited through its conversation
            assertThat(Integer.parseInt(l.variable("QUEUEWAIT"))).isGreaterThan(Integer.parseInt(h.variable("QUEUEWAIT")) + 8);
        }
    }

    @Test
    void queueWithNobodyLoggedInRefusesWhenConfiguredLikeJoinemptyNo() throws Exception {
        try (SimulatedAsterisk s = sim().queue(QueueSpec.named("desk").refuseWhenEmpty()
                .member(MemberSpec.named("PJSIP/d1").loggedOut())).start()) {
            CallOutcome o = s.place(queued("1", "desk", 0, 30)).get(10, TimeUnit.SECONDS);
            assertThat(o.variable("QUEUESTATUS")).isEqualTo("JOINEMPTY");
            assertThat(o.disposition()).isEqualTo(Disposition.FAILED);
        }
    }

    @Test
    void pausedMembersCountAsEmptyForLeaveWhenEmpty() throws Exception {
        try (SimulatedAsterisk s = sim().queue(QueueSpec.named("desk").leaveWhenEmpty()
                .member(MemberSpec.named("PJSIP/d1").neverAnswers())).start()) {
            CompletableFuture<CallOutcome> f = s.place(queued("1", "desk", 0, 300));
            AwaitCondition.until("the caller waits", () -> s.queue("desk").waiting() == 1);
            s.queue("desk").member("PJSIP/d1").pause("lunch");
            CallOutcome o = f.get(10, TimeUnit.SECONDS);
            assertThat(o.variable("QUEUESTATUS")).isEqualTo("LEAVEEMPTY");
        }
    }

    @Test
    void fullQueueRefusesBeyondMaxlen() throws Exception {
        try (SimulatedAsterisk s = sim().queue(QueueSpec.named("desk").maxLen(1)
                .member(MemberSpec.named("PJSIP/d1").loggedOut())).start()) {
            CompletableFuture<CallOutcome> first = s.place(queued("1", "desk", 0, 20));
            AwaitCondition.until("the first caller waits", () -> s.queue("desk").waiting() == 1);
            CallOutcome second = s.place(queued("2", "desk", 0, 20)).get(10, TimeUnit.SECONDS);
            assertThat(second.variable("QUEUESTATUS")).isEqualTo("FULL");
            assertThat(first.get(10, TimeUnit.SECONDS).variable("QUEUESTATUS")).isEqualTo("TIMEOUT");
        }
    }

    @Test
    void twoFreeMembersServeTwoCallersAtOnce() throws Exception {
        try (SimulatedAsterisk s = sim().queue(QueueSpec.named("desk")
                .member(MemberSpec.named("PJSIP/d1").answerAfter(Duration.ofSeconds(2)).talkFor(Duration.ofSeconds(30)))
                .member(MemberSpec.named("PJSIP/d2").answerAfter(Duration.ofSeconds(2)).talkFor(Duration.ofSeconds(30))))
                .start()) {
            CompletableFuture<CallOutcome> a = s.place(queued("1", "desk", 0, 0));
            CompletableFuture<CallOutcome> b = s.place(queued("2", "desk", 0, 0));
            CallOutcome oa = a.get(10, TimeUnit.SECONDS);
            CallOutcome ob = b.get(10, TimeUnit.SECONDS);
            assertThat(oa.answeredBy()).isPresent();
            assertThat(ob.answeredBy()).isPresent().isNotEqualTo(oa.answeredBy());
            assertThat(Integer.parseInt(ob.variable("QUEUEWAIT"))).isLessThan(10);
        }
    }

    @Test
    void callerHangingUpDuringTheConversationEndsItWithReasonCaller() throws Exception {
        try (SimulatedAsterisk s = sim().queue(QueueSpec.named("desk").member(MemberSpec.named("PJSIP/d1")
                .answerAfter(Duration.ofSeconds(1)).talkFor(Duration.ofSeconds(300)))).start()) {
            CallOutcome o = s.place(queued("1", "desk", 0, 0).hangsUpAfterAnswer(Duration.ofSeconds(5)))
                    .get(10, TimeUnit.SECONDS);
            assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
            assertThat(o.duration()).isLessThan(Duration.ofSeconds(60));
            assertThat(s.queue("desk").member("PJSIP/d1").callsTaken()).isEqualTo(1);
        }
    }

    @Test
    void dialStatusesFollowTheTrunk() throws Exception {
        try (SimulatedAsterisk s = sim().trunk(TrunkSpec.named("t").up().answerAfter(Duration.ofSeconds(1))
                .talkFor(Duration.ofSeconds(5))).start()) {
            CallScript call = CallScript.caller("1").context("d").dials("105").variable("TARGET", "PJSIP/105@t");
            assertThat(s.place(call).get(10, TimeUnit.SECONDS).variable("DIALSTATUS")).isEqualTo("ANSWER");
            s.trunk("t").noAnswer();
            assertThat(s.place(call).get(10, TimeUnit.SECONDS).variable("DIALSTATUS")).isEqualTo("NOANSWER");
            s.trunk("t").congested();
            assertThat(s.place(call).get(10, TimeUnit.SECONDS).variable("DIALSTATUS")).isEqualTo("CONGESTION");
            s.trunk("t").busy();
            assertThat(s.place(call).get(10, TimeUnit.SECONDS).variable("DIALSTATUS")).isEqualTo("BUSY");
            s.trunk("t").down();
            assertThat(s.place(call).get(10, TimeUnit.SECONDS).variable("DIALSTATUS")).isEqualTo("CHANUNAVAIL");
            CallScript unknown = CallScript.caller("1").context("d").dials("105").variable("TARGET", "PJSIP/105@nowhere");
            assertThat(s.place(unknown).get(10, TimeUnit.SECONDS).variable("DIALSTATUS")).isEqualTo("CHANUNAVAIL");
        }
    }

    @Test
    void dispatcherTransfersTheCallerToAnotherDesk() throws Exception {
        try (SimulatedAsterisk s = sim()
                .queue(QueueSpec.named("desk").member(MemberSpec.named("PJSIP/d1").answerAfter(Duration.ofSeconds(1))
                        .talkFor(Duration.ofSeconds(20)).transfersTo("fire@xfer")))
                .queue(QueueSpec.named("fire-desk").member(MemberSpec.named("PJSIP/fire-01").answerAfter(Duration.ofSeconds(1))
                        .talkFor(Duration.ofSeconds(30))))
                .start()) {
            CallOutcome o = s.place(queued("1", "desk", 0, 60)).get(10, TimeUnit.SECONDS);
            assertThat(o.answeredBy()).contains("PJSIP/fire-01");
            assertThat(o.dialplanTrace()).contains("xfer,fire,2 Queue(fire-desk,c,,,30)");
            assertThat(s.queue("desk").member("PJSIP/d1").callsTaken()).isEqualTo(1);
            assertThat(o.variable("QUEUESTATUS")).isEqualTo("CONTINUE");
        }
    }

    @Test
    void agiServerThatNeverAnswersTheSynFailsAfterTheConnectTimeout() throws Exception {
        String dialplan = """
                [t]
                exten => _X.,1,AGI(agi://192.0.2.1:4573/triage)
                 same => n,NoOp(${AGISTATUS})
                """;
        try (SimulatedAsterisk s = SimulatedAsterisk.builder().dialplanText(dialplan).timeScale(0.01).start()) {
            s.faults().agiConnectTimesOut(true);
            CallOutcome o = s.place(CallScript.caller("1").context("t").dials("911")).get(10, TimeUnit.SECONDS);
            assertThat(o.variable("AGISTATUS")).isEqualTo("FAILURE");
            assertThat(o.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void ringallRingsEveryFreeMemberAndTheFastestAnswers() throws Exception {
        try (SimulatedAsterisk s = sim().ami(0, "u", "p").queue(QueueSpec.named("desk").ringAll()
                .member(MemberSpec.named("PJSIP/slow").answerAfter(Duration.ofSeconds(6)))
                .member(MemberSpec.named("PJSIP/quick").answerAfter(Duration.ofSeconds(2)))
                .member(MemberSpec.named("PJSIP/never").neverAnswers())).start();
             java.net.Socket ami = new java.net.Socket("127.0.0.1", s.amiPort())) {
            ami.getOutputStream().write("Action: Login\r\nUsername: u\r\nSecret: p\r\n\r\n".getBytes());
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(ami.getInputStream()));
            AwaitCondition.until("logged in", () -> {
                try {
                    return in.readLine().equals("Message: Authentication accepted");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            CallOutcome o = s.place(queued("1", "desk", 0, 60)).get(10, TimeUnit.SECONDS);
            assertThat(o.answeredBy()).contains("PJSIP/quick");
            java.util.List<String> lines = new java.util.ArrayList<>();
            ami.setSoTimeout(2000);
            try {
                String l;
                while ((l = in.readLine()) != null) {
                    lines.add(l);
                    if (l.startsWith("Event: AgentComplete")) break;
                }
            } catch (java.net.SocketTimeoutException e) {
                // all read
            }
            assertThat(lines.stream().filter(l -> l.equals("Event: AgentCalled"))).hasSize(3);
            assertThat(lines.stream().filter(l -> l.equals("DialStatus: CANCEL"))).hasSize(2);
            assertThat(s.queue("desk").member("PJSIP/slow").inCall()).isFalse();
            assertThat(s.queue("desk").member("PJSIP/quick").callsTaken()).isEqualTo(1);
        }
    }

    @Test
    void patienceInQueueCountsFromJoiningAndStopsWhenAnswered() throws Exception {
        try (SimulatedAsterisk s = sim().queue(QueueSpec.named("desk").member(MemberSpec.named("PJSIP/d1").loggedOut()
                .answerAfter(Duration.ofSeconds(1)).talkFor(Duration.ofSeconds(60)))).start()) {
            // nobody logged in: the caller gives up 40 s after joining the queue
            CallScript waits = queued("1", "desk", 0, 0).hangsUpAfterInQueue(Duration.ofSeconds(40));
            CallOutcome gaveUp = s.place(waits).get(10, TimeUnit.SECONDS);
            assertThat(gaveUp.disposition()).isEqualTo(Disposition.ABANDONED);
            assertThat(gaveUp.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(40));

            s.queue("desk").member("PJSIP/d1").login();
            CallOutcome talked = s.place(queued("2", "desk", 0, 0).hangsUpAfterInQueue(Duration.ofSeconds(20)))
                    .get(10, TimeUnit.SECONDS);
            assertThat(talked.disposition()).isEqualTo(Disposition.ANSWERED);
            assertThat(talked.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(60)); // the conversation went on
        }
    }
}
