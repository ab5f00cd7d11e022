package pe.centralunica.sipconfig.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OPTIONS probes against a JAIN-SIP peer on loopback that is stopped and started again. */
class TrunkProberTest {

    record Change(String target, boolean up, String reason) {
    }

    private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    private ScheduledExecutorService scheduler;
    private JainSipAgent agent;
    private LoopbackSipPeer peer;
    private TrunkProber prober;

    @BeforeEach
    void start() {
        scheduler = Executors.newScheduledThreadPool(2);
        agent = JainSipAgent.start("127.0.0.1", 0);
        peer = LoopbackSipPeer.start();
        prober = new TrunkProber(agent, List.of(new ProbeTarget("T-PNP", peer.address())),
                new ProbeSettings(Duration.ofMillis(100), Duration.ofMillis(300), 3, 2),
                (target, up, reason) -> changes.add(new Change(target, up, reason)), scheduler, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        prober.close();
        scheduler.shutdownNow();
        peer.close();
        agent.close();
    }

    private Change next() throws InterruptedException {
        Change c = changes.poll(20, TimeUnit.SECONDS);
        assertThat(c).as("a state change within 20 s").isNotNull();
        return c;
    }

    @Test
    void aStoppedPeerGoesDownAfterThreeMissesAndComesBackUpWhenRestarted() throws Exception {
        prober.start();
        awaitReplies(2);
        assertThat(changes).as("a healthy peer is never reported").isEmpty();

        peer.stop();
        Change down = next();
        assertThat(down.target()).isEqualTo("T-PNP");
        assertThat(down.up()).isFalse();
        assertThat(down.reason()).contains("failed 3 times", "no reply within 300 ms");
        assertThat(prober.snapshot().get("T-PNP").up()).isFalse();
        assertThat(prober.snapshot().get("T-PNP").consecutiveFailures()).isGreaterThanOrEqualTo(3);

        peer.restart();
        Change up = next();
        assertThat(up.up()).isTrue();
        assertThat(up.reason()).contains("answered again", "200 OK");
        assertThat(prober.snapshot().get("T-PNP").up()).isTrue();
        assertThat(changes).isEmpty();
    }

    @Test
    void aPeerAnsweringServiceUnavailableIsDownButNotFoundIsAlive() throws Exception {
        peer.optionsStatus(404);
        prober.start();
        awaitReplies(3);
        assertThat(changes).isEmpty();
        assertThat(prober.snapshot().get("T-PNP").lastResult()).startsWith("404");

        peer.optionsStatus(503);
        Change down = next();
        assertThat(down.up()).isFalse();
        assertThat(down.reason()).contains("503");
    }

    @Test
    void retargetingReleasesADownTargetNobodyProbesAnyMoreAndProbesNewOnes() throws Exception {
        prober.start();
        peer.stop();
        assertThat(next().up()).isFalse();

        try (LoopbackSipPeer other = LoopbackSipPeer.start()) {
            prober.retarget(List.of(new ProbeTarget("T-SAMU", other.address())));
            Change released = next();
            assertThat(released.target()).isEqualTo("T-PNP");
            assertThat(released.up()).isTrue();
            assertThat(released.reason()).startsWith("no longer probed at 127.0.0.1:");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((prober.snapshot().get("T-SAMU") == null || prober.snapshot().get("T-SAMU").consecutiveSuccesses() < 1)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(prober.snapshot()).containsOnlyKeys("T-SAMU");
            assertThat(prober.snapshot().get("T-SAMU").lastResult()).startsWith("200 OK");
        }
    }

    /** Waits until the peer has answered {@code n} probes (the probes themselves are the clock). */
    private void awaitReplies(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (prober.snapshot().get("T-PNP").consecutiveSuccesses() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(prober.snapshot().get("T-PNP").consecutiveSuccesses()).isGreaterThanOrEqualTo(n);
    }
}
