package pe.centralunica.sipconfig.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our SIP against sipp, an independent implementation: OPTIONS probes see a sipp trunk go away and come back,
 * and a synthetic call's INVITE/ACK/INFO/BYE is accepted by a sipp UAS. Skipped when sipp is not installed.
 */
class SippInteropTest {

    record Change(String target, boolean up) {
    }

    @TempDir
    Path work;

    private JainSipAgent agent;

    @BeforeEach
    void start() {
        assumeTrue(Sipp.executable().isPresent(), "sipp is not installed (Debian package sip-tester): sipp interop tests skipped");
        agent = JainSipAgent.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (agent != null) agent.close();
    }

    @Test
    void probesMarkASippTrunkDownWhenItStopsAndUpWhenItIsBack() throws Exception {
        int port = JainSipAgent.freeUdpPort("127.0.0.1");
        BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        Sipp sipp = Sipp.uas("options-uas.xml", port, work);
        try (TrunkProber prober = new TrunkProber(agent, List.of(new ProbeTarget("T-SAMU", new SipPeer("127.0.0.1", port))),
                new ProbeSettings(Duration.ofMillis(100), Duration.ofMillis(300), 3, 2),
                (target, up, reason) -> changes.add(new Change(target, up)), scheduler, Clock.systemUTC())) {
            prober.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (prober.snapshot().get("T-SAMU").consecutiveSuccesses() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(prober.snapshot().get("T-SAMU").lastResult()).startsWith("200 OK");
            assertThat(changes).isEmpty();

            sipp.close();
            assertThat(changes.poll(20, TimeUnit.SECONDS)).isEqualTo(new Change("T-SAMU", false));

            sipp = Sipp.uas("options-uas.xml", port, work);
            assertThat(changes.poll(20, TimeUnit.SECONDS)).isEqualTo(new Change("T-SAMU", true));
        } finally {
            sipp.close();
            scheduler.shutdownNow();
        }
    }

    @Test
    void aSyntheticCallIsAcceptedBySippWithEveryDigitAsInfo() throws Exception {
        int port = JainSipAgent.freeUdpPort("127.0.0.1");
        try (Sipp sipp = Sipp.uas("info-uas.xml", port, work)) {
            SyntheticCallResult r = agent.call(new CallPlan(new SipPeer("127.0.0.1", port), "911", "cu-monitor", Optional.empty(),
                    CallPlan.digits("2w22", Duration.ofMillis(50)), Duration.ofSeconds(5), Duration.ofMillis(100), Optional.empty()));

            assertThat(r.success()).as(r.toString()).isTrue();
            assertThat(r.finalStatus()).isEqualTo(200);
            assertThat(r.digitsSent()).isEqualTo(3);
            sipp.close();
            String log = sipp.messages();
            assertThat(count(log, "Signal=2")).as("INFO bodies sipp received").isEqualTo(3);
            assertThat(log).contains("INVITE sip:911@127.0.0.1:" + port, "BYE sip:");
        }
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
