package pe.centralunica.sipconfig.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import pe.centralunica.sipconfig.asterisk.Secrets;
import pe.centralunica.sipconfig.topology.SipTopology;
import pe.centralunica.sipconfig.topology.SipTopology.Direction;
import pe.centralunica.sipconfig.topology.SipTopology.Trunk;

class SipMonitoringTest {

    @Test
    void defaultsProbeEveryTenSecondsAndPlaceNoTestCalls() {
        SipMonitoring.Settings s = SipMonitoring.settingsFrom(Map.of(), Secrets.of(Map.of()));
        assertThat(s.bindPort()).isEqualTo(5070);
        assertThat(s.probes()).isEqualTo(ProbeSettings.defaults());
        assertThat(s.synthetic()).isEmpty();
    }

    @Test
    void aBadValueNamesItsVariableAndTestCallsNeedTheMonitoringSecret() {
        assertThatThrownBy(() -> SipMonitoring.settingsFrom(Map.of("CU_SIP_PROBE_DOWN_AFTER", "0"), Secrets.of(Map.of())))
                .hasMessage("CU_SIP_PROBE_DOWN_AFTER: '0' is not a whole number from 1 to 100");
        assertThatThrownBy(() -> SipMonitoring.settingsFrom(Map.of("CU_SYNTHETIC_TARGET", "172.28.0.10:5060"), Secrets.of(Map.of())))
                .isInstanceOf(Secrets.MissingSecretException.class).hasMessageContaining("'cu-monitor'");
        var s = SipMonitoring.settingsFrom(Map.of("CU_SYNTHETIC_TARGET", "172.28.0.10:5060", "CU_SYNTHETIC_INTERVAL_S", "60"),
                Secrets.of(Map.of("cu-monitor", "m")));
        assertThat(s.synthetic()).hasValueSatisfying(sc -> {
            assertThat(sc.plan().target()).isEqualTo(new SipPeer("172.28.0.10", 5060));
            assertThat(sc.plan().number()).isEqualTo("911");
            assertThat(sc.plan().confirmation()).hasValue('#');
            assertThat(sc.interval()).isEqualTo(Duration.ofSeconds(60));
        });
    }

    @Test
    void theAgentRefusesAWildcardAddressItCouldNotAdvertise() {
        assertThatThrownBy(() -> JainSipAgent.start("0.0.0.0", 0)).hasMessageContaining("not 0.0.0.0");
    }

    @Test
    void startedFromATopologyItProbesItsTrunksAndPlacesTestCallsOnDemand() throws Exception {
        try (LoopbackSipPeer peer = LoopbackSipPeer.start().requireDigest("cu-monitor", "m").confirmAfter(1, '#')) {
            SipTopology topology = new SipTopology(List.of(), List.of(), List.of(),
                    List.of(new Trunk("trunk-pnp", Direction.OUTBOUND, "127.0.0.1", peer.address().port(), Optional.of("T-PNP"),
                            Optional.empty(), false, true)), List.of(), List.of());
            CallPlan plan = new CallPlan(peer.address(), "911", "cu-monitor", Optional.of(new CallPlan.Credentials("cu-monitor", "m")),
                    CallPlan.digits("2", Duration.ofMillis(10)), Duration.ofSeconds(3), Duration.ofSeconds(3), Optional.of('#'));
            var settings = new SipMonitoring.Settings("127.0.0.1", 0, new ProbeSettings(Duration.ofMillis(100), Duration.ofMillis(500), 3, 2),
                    Optional.of(new SyntheticCallSettings(plan, Duration.ofHours(1), 2)));
            try (SipMonitoring m = SipMonitoring.start(settings, topology, (code, up, reason) -> { }, r -> { })) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (m.probes().get("T-PNP").consecutiveSuccesses() < 1 && System.nanoTime() < deadline) Thread.sleep(20);
                assertThat(m.probes().get("T-PNP").lastResult()).startsWith("200 OK");
                while (m.synthetic().orElseThrow().attempts() < 1 && System.nanoTime() < deadline) Thread.sleep(20);
                assertThat(m.synthetic().orElseThrow().successes()).as("the first scheduled call").isEqualTo(1);
                assertThat(m.testNow()).hasValueSatisfying(r -> assertThat(r.success()).isTrue());
                assertThat(m.synthetic().orElseThrow().attempts()).isEqualTo(2);
                assertThat(m.health().allUp()).isTrue();

                peer.stop();
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (m.health().downTargets().isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
                assertThat(m.health().downTargets()).containsOnlyKeys("T-PNP");
                assertThat(m.health().allUp()).isFalse();
            }
        }
    }
}
