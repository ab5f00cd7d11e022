package pe.centralunica.sipconfig.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scheduled synthetic calls against a loopback JAIN-SIP UAS that answers (and then one that does not). */
class SyntheticCallMonitorTest {

    private ScheduledExecutorService scheduler;
    private JainSipAgent agent;
    private LoopbackSipPeer ivr;
    private final List<SyntheticCallResult> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        agent = JainSipAgent.start("127.0.0.1", 0);
        ivr = LoopbackSipPeer.start().requireDigest("cu-monitor", "monitor-secret").confirmAfter(3, '#');
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        ivr.close();
        agent.close();
    }

    private SyntheticCallMonitor monitor(Duration answerTimeout, int alarmAfter) {
        CallPlan plan = new CallPlan(ivr.address(), "911", "cu-monitor", Optional.of(new CallPlan.Credentials("cu-monitor", "monitor-secret")),
                CallPlan.digits("2w22", Duration.ofMillis(20)), answerTimeout, Duration.ofSeconds(3), Optional.of('#'));
        return new SyntheticCallMonitor(agent, new SyntheticCallSettings(plan, Duration.ofMillis(200), alarmAfter), scheduler, seen::add);
    }

    @Test
    void aScheduledTestCallIsAnsweredAndRecorded() throws Exception {
        BlockingQueue<SyntheticCallResult> results = new LinkedBlockingQueue<>();
        try (SyntheticCallMonitor m = new SyntheticCallMonitor(agent, new SyntheticCallSettings(
                new CallPlan(ivr.address(), "911", "cu-monitor", Optional.of(new CallPlan.Credentials("cu-monitor", "monitor-secret")),
                        CallPlan.digits("2w22", Duration.ofMillis(20)), Duration.ofSeconds(3), Duration.ofSeconds(3), Optional.of('#')),
                Duration.ofMillis(200), 2), scheduler, results::add)) {
            m.start();
            SyntheticCallResult r = results.poll(20, TimeUnit.SECONDS);

            assertThat(r).isNotNull();
            assertThat(r.success()).as(r.toString()).isTrue();
            assertThat(r.digitsSent()).isEqualTo(3);
            assertThat(r.answerLatency()).isPresent();
            assertThat(ivr.dtmf).startsWith("2", "2", "2");
            SyntheticCallMonitor.Stats s = m.stats();
            assertThat(s.attempts()).isGreaterThanOrEqualTo(1);
            assertThat(s.successes()).isEqualTo(s.attempts());
            assertThat(s.alarm()).isFalse();
            assertThat(s.lastSuccessAt()).isPresent();
        }
    }

    @Test
    void consecutiveFailuresRaiseTheAlarmAndASuccessClearsIt() {
        try (SyntheticCallMonitor m = monitor(Duration.ofMillis(400), 2)) {
            ivr.stop();
            SyntheticCallResult first = m.runOnce();
            assertThat(first.success()).isFalse();
            assertThat(m.stats().alarm()).isFalse();
            m.runOnce();
            assertThat(m.stats().alarm()).isTrue();
            assertThat(m.stats().consecutiveFailures()).isEqualTo(2);
            assertThat(m.stats().last().flatMap(SyntheticCallResult::failureReason)).hasValue("not answered within 400 ms");

            ivr.restart();
            assertThat(m.runOnce().success()).isTrue();
            assertThat(m.stats()).satisfies(s -> {
                assertThat(s.alarm()).isFalse();
                assertThat(s.attempts()).isEqualTo(3);
                assertThat(s.failures()).isEqualTo(2);
                assertThat(s.successes()).isEqualTo(1);
            });
            assertThat(seen).hasSize(3);
        }
    }
}
