package pe.centralunica.app.realasterisk;

import org.asteriskjava.manager.action.QueuePauseAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.sipconfig.asterisk.AsteriskConfigGenerator;

import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller's language reaches the queue, on a real Asterisk 20 with the generated configuration: the fire
 * desk (CGBVP) has a dispatcher who speaks Quechua and Spanish (Rosa) and a Spanish-only one (Juan), so
 * sip-config generates {@code desk-cgbvp-qu} (Rosa penalty 0, Juan 1) next to {@code desk-cgbvp}. Their PJSIP
 * phones are replaced by scripted Local agents that answer after the seconds the test sets; who was offered the
 * call and when is read from AMI (AgentCalled, AgentConnect) on Asterisk's clock.
 */
@EnabledWithRealAsterisk
class RealAsteriskLanguageQueueTest {

    private static final String ROSA = "Local/rosa@cu-test-lang-agents";
    private static final String JUAN = "Local/juan@cu-test-lang-agents";
    /** Generous for a loaded 2-core machine; the mechanism itself rings the next penalty in the same instant. */
    private static final double AT_ONCE = 3.0;

    private static RealCallPath path;
    private static int nextCaller = 1;

    @BeforeAll
    static void start() throws Exception {
        path = RealCallPath.start("lang", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO app_user (username, display_name, password_hash, role, agency_code, phone_interface, languages) VALUES"
                        + " ('rosa.bomberos', 'Rosa', 'x', 'DISPATCHER', 'CGBVP', 'PJSIP/disp-cgbvp-01', '{es,qu}'),"
                        + " ('juan.bomberos', 'Juan', 'x', 'DISPATCHER', 'CGBVP', 'PJSIP/disp-cgbvp-02', '{es}')");
            }
        }, Map.of(), false, files -> {
            String queues = files.get(AsteriskConfigGenerator.QUEUES);
            assertThat(queues).as("generated variant").contains("""
                    [desk-cgbvp-qu](cu-step-queue,cu-language-queue)
                    member => PJSIP/disp-cgbvp-01,0
                    member => PJSIP/disp-cgbvp-02,1
                    """);
            // The generated queues and penalties as they are; only the phones become scripted agents.
            files.put(AsteriskConfigGenerator.QUEUES, queues.replace("PJSIP/disp-cgbvp-01", ROSA).replace("PJSIP/disp-cgbvp-02", JUAN));
            files.put(AsteriskConfigGenerator.EXTENSIONS, files.get(AsteriskConfigGenerator.EXTENSIONS) + """

                    ; ---- Test only: dispatchers who answer after CU_TEST_ANSWER_<name> seconds ----
                    [cu-test-lang-agents]
                    exten => _[a-z].,1,Ringing()
                     same => n,Wait(${GLOBAL(CU_TEST_ANSWER_${EXTEN})})
                     same => n,Answer()
                     same => n,Wait(600)
                     same => n,Hangup()
                    """);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (path != null) path.close();
    }

    @AfterEach
    void everyoneBackAndPastWrapUp() throws Exception {
        pause(ROSA, false);
        pause(JUAN, false);
        Thread.sleep(6_000); // cu-queue's wrapuptime = 5
    }

    /** Who was offered a caller's call and who took it, seconds after the caller joined the queue. */
    record Offers(String queue, List<AgentCalledEvent> offered, double joinedAt, String answeredBy) {
        double firstOfferTo(String member) {
            return offered.stream().filter(e -> member.equals(e.getInterface())).mapToDouble(e -> e.getTimestamp() - joinedAt)
                    .min().orElse(Double.NaN);
        }
    }

    private static Offers call(ScriptedCaller caller) throws Exception {
        path.place(caller);
        AmiEvents ami = path.ami();
        QueueCallerJoinEvent join = ami.await(QueueCallerJoinEvent.class, e -> caller.callerId().equals(e.getCallerIdNum()),
                Duration.ofSeconds(40)).orElseThrow(() -> new AssertionError(caller.callerId() + " never joined a queue; see " + path.asterisk().log()));
        Optional<AgentConnectEvent> connect = ami.await(AgentConnectEvent.class, e -> join.getChannel().equals(e.getChannel()),
                Duration.ofSeconds(30));
        path.hangUp(join.getChannel());
        double connectedAt = connect.map(AgentConnectEvent::getTimestamp).orElse(Double.MAX_VALUE);
        List<AgentCalledEvent> offered = ami.of(AgentCalledEvent.class,
                e -> join.getChannel().equals(e.getChannel()) && e.getTimestamp() <= connectedAt);
        Offers o = new Offers(join.getQueue(), offered, join.getTimestamp(), connect.map(AgentConnectEvent::getInterface).orElse("nobody"));
        System.out.printf("real-asterisk: language queue %s: offered %s, answered by %s%n", o.queue(),
                offered.stream().map(e -> String.format("%s at +%.2f s", e.getInterface(), e.getTimestamp() - o.joinedAt())).toList(),
                o.answeredBy());
        return o;
    }

    private static ScriptedCaller quechuaFireCaller() {
        // Quechua (7) during the welcome, then 2 (fire) in the Quechua menu, as RealAsteriskTriageTest's language case.
        return ScriptedCaller.dialling("911", "98760000" + nextCaller++).pressesAfter(1.5, "7").pressesAfter(1.0, "2").pressesAfter(1.0, "22");
    }

    private static void answersAfter(String name, int seconds) throws Exception {
        path.ami().connection().sendAction(new SetVarAction("CU_TEST_ANSWER_" + name, Integer.toString(seconds)), 10_000);
    }

    private static void pause(String member, boolean paused) throws Exception {
        path.ami().connection().sendAction(new QueuePauseAction(member, paused), 10_000);
    }

    @Test
    void aQuechuaCallerIsOfferedToTheQuechuaSpeakerFirstWhenBothAreFree() throws Exception {
        answersAfter("rosa", 3);
        answersAfter("juan", 1); // quicker: would win if both rang

        Offers o = call(quechuaFireCaller());

        assertThat(o.queue()).isEqualTo("desk-cgbvp-qu");
        assertThat(o.answeredBy()).isEqualTo(ROSA);
        assertThat(o.firstOfferTo(JUAN)).as("the Spanish-only dispatcher is not rung while the speaker is").isNaN();
        assertThat(path.record("language", "98760000" + (nextCaller - 1))).isEqualTo("qu");
    }

    @Test
    void withTheSpeakerPausedTheSpanishDispatcherIsOfferedTheQuechuaCallerAtOnce() throws Exception {
        answersAfter("rosa", 1);
        answersAfter("juan", 1);
        pause(ROSA, true);

        Offers o = call(quechuaFireCaller());

        assertThat(o.queue()).isEqualTo("desk-cgbvp-qu");
        assertThat(o.answeredBy()).isEqualTo(JUAN);
        assertThat(o.firstOfferTo(JUAN)).isLessThanOrEqualTo(AT_ONCE);
        assertThat(o.firstOfferTo(ROSA)).isNaN();
    }

    @Test
    void withTheSpeakerBusyTheSpanishDispatcherIsOfferedTheQuechuaCallerAtOnce() throws Exception {
        answersAfter("rosa", 1);
        answersAfter("juan", 1);
        // Rosa takes a first Quechua call and stays on it (the caller's script holds the line).
        ScriptedCaller first = quechuaFireCaller();
        path.place(first);
        AmiEvents ami = path.ami();
        QueueCallerJoinEvent firstJoin = ami.await(QueueCallerJoinEvent.class, e -> first.callerId().equals(e.getCallerIdNum()),
                Duration.ofSeconds(40)).orElseThrow();
        assertThat(ami.await(AgentConnectEvent.class, e -> firstJoin.getChannel().equals(e.getChannel()) && ROSA.equals(e.getInterface()),
                Duration.ofSeconds(20))).as("Rosa took the first call").isPresent();
        try {
            Offers o = call(quechuaFireCaller());

            assertThat(o.answeredBy()).isEqualTo(JUAN);
            assertThat(o.firstOfferTo(JUAN)).isLessThanOrEqualTo(AT_ONCE);
        } finally {
            path.hangUp(firstJoin.getChannel());
        }
    }

    @Test
    void aFreeSpeakerWhoDoesNotAnswerHoldsTheQuechuaCallerForOneRingOnly() throws Exception {
        answersAfter("rosa", 120);
        answersAfter("juan", 1);

        Offers o = call(quechuaFireCaller());

        assertThat(o.queue()).isEqualTo("desk-cgbvp-qu");
        assertThat(o.firstOfferTo(ROSA)).isLessThanOrEqualTo(AT_ONCE);
        // The first ring (the variant's timeout, 6 s) is Rosa's alone; from the next one everyone rings. Between
        // the two only retry (1 s): announce-to-first-user is off, so app_queue plays no announcement there.
        assertThat(o.firstOfferTo(JUAN)).isBetween(5.8, 6.0 + 1.0 + AT_ONCE);
        assertThat(o.answeredBy()).isEqualTo(JUAN);
    }

    @Test
    void aSpanishCallerRingsEveryDispatcherAtOnceInThePlainQueue() throws Exception {
        answersAfter("rosa", 3);
        answersAfter("juan", 1);

        Offers o = call(ScriptedCaller.dialling("911", "98761000" + nextCaller++).pressesAfter(1.5, "2").pressesAfter(1.0, "22"));

        assertThat(o.queue()).isEqualTo("desk-cgbvp");
        assertThat(o.firstOfferTo(ROSA)).isLessThanOrEqualTo(AT_ONCE);
        assertThat(o.firstOfferTo(JUAN)).isLessThanOrEqualTo(AT_ONCE);
        assertThat(o.answeredBy()).isEqualTo(JUAN);
    }
}
