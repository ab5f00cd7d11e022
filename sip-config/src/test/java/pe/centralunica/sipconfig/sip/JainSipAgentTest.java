package pe.centralunica.sipconfig.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JAIN-SIP agent against a JAIN-SIP peer on loopback: OPTIONS, and a whole test call with DTMF INFO. */
class JainSipAgentTest {

    private JainSipAgent agent;
    private LoopbackSipPeer peer;

    @BeforeEach
    void start() {
        agent = JainSipAgent.start("127.0.0.1", 0);
        peer = LoopbackSipPeer.start();
    }

    @AfterEach
    void stop() {
        peer.close();
        agent.close();
    }

    @Test
    void optionsToALivePeerGetsItsFinalStatus() throws Exception {
        OptionsOutcome o = agent.options(peer.address(), Duration.ofSeconds(2)).get();
        assertThat(o).isInstanceOfSatisfying(OptionsOutcome.Replied.class, r -> assertThat(r.status()).isEqualTo(200));
        assertThat(peer.methods).containsExactly("OPTIONS");
    }

    @Test
    void optionsToAStoppedPeerTimesOut() throws Exception {
        peer.stop();
        OptionsOutcome o = agent.options(peer.address(), Duration.ofMillis(300)).get();
        assertThat(o).isInstanceOfSatisfying(OptionsOutcome.NoReply.class, r -> assertThat(r.reason()).isEqualTo("no reply within 300 ms"));
    }

    @Test
    void aTestCallIsAnsweredTakesItsDigitsAsInfoAndHangsUp() {
        SyntheticCallResult r = agent.call(new CallPlan(peer.address(), "911", "cu-monitor", Optional.empty(),
                CallPlan.digits("2w22", Duration.ofMillis(50)), Duration.ofSeconds(3), Duration.ofMillis(50), Optional.empty()));

        assertThat(r.success()).as(r.toString()).isTrue();
        assertThat(r.finalStatus()).isEqualTo(200);
        assertThat(r.digitsSent()).isEqualTo(3);
        assertThat(r.answerLatency()).isPresent();
        assertThat(peer.dtmf).containsExactly("2", "2", "2");
        assertThat(peer.methods).containsExactly("INVITE", "ACK", "INFO", "INFO", "INFO", "BYE");
    }

    @Test
    void aDigestChallengeIsAnsweredWithTheMonitoringCredentials() {
        peer.requireDigest("cu-monitor", "monitor-secret");
        SyntheticCallResult r = agent.call(new CallPlan(peer.address(), "911", "cu-monitor",
                Optional.of(new CallPlan.Credentials("cu-monitor", "monitor-secret")), CallPlan.digits("1", Duration.ofMillis(10)),
                Duration.ofSeconds(3), Duration.ZERO, Optional.empty()));

        assertThat(r.success()).as(r.toString()).isTrue();
        assertThat(peer.authenticatedInvites).hasValue(1);
    }

    @Test
    void aWrongPasswordIsReportedAsTheFinalStatus() {
        peer.requireDigest("cu-monitor", "monitor-secret");
        SyntheticCallResult r = agent.call(new CallPlan(peer.address(), "911", "cu-monitor",
                Optional.of(new CallPlan.Credentials("cu-monitor", "wrong")), CallPlan.digits("1", Duration.ofMillis(10)),
                Duration.ofSeconds(3), Duration.ZERO, Optional.empty()));

        assertThat(r.success()).isFalse();
        assertThat(r.finalStatus()).isEqualTo(401);
        assertThat(r.failureReason()).hasValue("INVITE answered 401 Unauthorized");
    }

    @Test
    void theFarEndHangingUpMidIvrIsAFailure() {
        peer.hangUpOnFirstInfo();
        SyntheticCallResult r = agent.call(new CallPlan(peer.address(), "911", "cu-monitor", Optional.empty(),
                CallPlan.digits("2w22", Duration.ofMillis(500)), Duration.ofSeconds(3), Duration.ZERO, Optional.empty()));

        assertThat(r.success()).isFalse();
        assertThat(r.failureReason()).hasValue("far end hung up after 1 digit(s)");
        assertThat(r.digitsSent()).isEqualTo(1);
    }

    @Test
    void nobodyAnsweringIsAFailureWithinTheAnswerTimeout() {
        peer.stop();
        SyntheticCallResult r = agent.call(new CallPlan(peer.address(), "911", "cu-monitor", Optional.empty(),
                CallPlan.digits("1", Duration.ofMillis(10)), Duration.ofMillis(400), Duration.ZERO, Optional.empty()));

        assertThat(r.success()).isFalse();
        assertThat(r.failureReason()).hasValue("not answered within 400 ms");
        assertThat(r.finalStatus()).isZero();
    }

    @Test
    void theFarEndsRoutedConfirmationMakesTheCallASuccess() {
        peer.confirmAfter(3, '#');
        SyntheticCallResult r = agent.call(new CallPlan(peer.address(), "911", "cu-monitor", Optional.empty(),
                CallPlan.digits("2w22", Duration.ofMillis(20)), Duration.ofSeconds(3), Duration.ofSeconds(3), Optional.of('#')));

        assertThat(r.success()).as(r.toString()).isTrue();
        assertThat(peer.methods).containsSubsequence("INFO", "INFO", "INFO", "BYE");
    }

    @Test
    void withoutTheConfirmationTheCallFailsWhenTheHoldTimeIsOver() {
        SyntheticCallResult r = agent.call(new CallPlan(peer.address(), "911", "cu-monitor", Optional.empty(),
                CallPlan.digits("2", Duration.ofMillis(20)), Duration.ofSeconds(3), Duration.ofMillis(300), Optional.of('#')));

        assertThat(r.success()).isFalse();
        assertThat(r.failureReason()).hasValue("no confirmation '#' within 300 ms after the last digit");
        assertThat(peer.methods).last().isEqualTo("BYE");
    }

    @Test
    void aHangUpInsteadOfTheConfirmationIsReportedAsSuch() {
        peer.hangUpOnFirstInfo();
        SyntheticCallResult r = agent.call(new CallPlan(peer.address(), "911", "cu-monitor", Optional.empty(),
                CallPlan.digits("1", Duration.ofMillis(20)), Duration.ofSeconds(3), Duration.ofSeconds(5), Optional.of('#')));

        assertThat(r.success()).isFalse();
        assertThat(r.failureReason()).hasValue("far end hung up before confirming '#'");
    }
}
