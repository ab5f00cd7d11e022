package pe.centralunica.sipconfig.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pe.centralunica.sipconfig.topology.SipTopology;

class GeneratorSettingsTest {

    private static final SipTopology EMPTY = new SipTopology(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    @Test
    void theEnvironmentSetsTheAgiUrlAmiNetworksAndTheNatAddresses() {
        GeneratorSettings s = GeneratorSettings.fromEnvironment(Map.of("CU_AGI_URL", "agi://172.28.0.20:4573",
                "CU_AMI_PERMIT", "172.28.0.20/255.255.255.255, 10.0.0.0/255.0.0.0", "CU_SIP_EXTERNAL_ADDRESS", "203.0.113.7",
                "CU_SIP_LOCAL_NETS", "172.28.0.0/24,10.0.0.0/8"));
        assertThat(s.agiUrl()).isEqualTo("agi://172.28.0.20:4573");
        assertThat(s.amiPermit()).containsExactly("10.0.0.0/255.0.0.0", "172.28.0.20/255.255.255.255");
        assertThat(s.externalAddress()).hasValue("203.0.113.7");

        var generator = new AsteriskConfigGenerator(ContractDialplan.fromClasspath(), s, ConfigFixtures.referenceSecrets());
        assertThat(generator.pjsip(EMPTY)).contains("""
                [transport-udp]
                type = transport
                protocol = udp
                bind = 0.0.0.0:5060
                external_signaling_address = 203.0.113.7
                external_media_address = 203.0.113.7
                local_net = 10.0.0.0/8
                local_net = 172.28.0.0/24
                """);
        assertThat(generator.manager()).contains("permit = 10.0.0.0/255.0.0.0\npermit = 172.28.0.20/255.255.255.255\n");
        assertThat(generator.extensions(EMPTY)).contains("CU_AGI=agi://172.28.0.20:4573\n");
    }

    @Test
    void severalFastAgiNodesBecomeNumberedGlobalsInTheOrderGiven() {
        GeneratorSettings s = GeneratorSettings.fromEnvironment(Map.of("CU_AGI_NODES", "172.28.0.20:4573, 172.28.0.21:4573"));
        assertThat(s.agiNodes()).containsExactly("agi://172.28.0.20:4573", "agi://172.28.0.21:4573");

        String globals = new AsteriskConfigGenerator(ContractDialplan.fromClasspath(), s, ConfigFixtures.referenceSecrets()).extensions(EMPTY);
        assertThat(globals).contains("[globals]\nCU_AGI=agi://172.28.0.20:4573\nCU_AGI_1=agi://172.28.0.20:4573\n"
                + "CU_AGI_2=agi://172.28.0.21:4573\nCU_AGI_DEADLINE=3\n").doesNotContain("CU_AGI_3=");
    }

    @Test
    void oneNodeByDefaultIsTheFirstAndOnlyOneTried() {
        String dialplan = new AsteriskConfigGenerator(ContractDialplan.fromClasspath(), GeneratorSettings.defaults(),
                ConfigFixtures.referenceSecrets()).extensions(EMPTY);
        assertThat(dialplan).contains("CU_AGI_1=agi://127.0.0.1:4573\n").doesNotContain("CU_AGI_2=");
    }

    @Test
    void aNodeListThatCannotWorkIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> GeneratorSettings.fromEnvironment(Map.of("CU_AGI_NODES", "a:4573", "CU_AGI_URL", "agi://a:4573")))
                .hasMessageStartingWith("CU_AGI_NODES:").hasMessageContaining("CU_AGI_URL");
        assertThatThrownBy(() -> GeneratorSettings.fromEnvironment(Map.of("CU_AGI_NODES", "a:4573,a:4573")))
                .hasMessageStartingWith("CU_AGI_NODES:").hasMessageContaining("twice");
        assertThatThrownBy(() -> GeneratorSettings.fromEnvironment(Map.of("CU_AGI_NODES", "a:4573/triage,b:4573")))
                .hasMessageStartingWith("CU_AGI_NODES:").hasMessageContaining("a:4573/triage");
        assertThatThrownBy(() -> GeneratorSettings.fromEnvironment(Map.of("CU_AGI_NODES", " , ")))
                .hasMessageStartingWith("CU_AGI_NODES:");
    }

    @Test
    void withoutANatAddressTheTransportHasNoExternalSettings() {
        var generator = new AsteriskConfigGenerator(ContractDialplan.fromClasspath(), GeneratorSettings.defaults(), ConfigFixtures.referenceSecrets());
        assertThat(generator.pjsip(EMPTY)).doesNotContain("external_").doesNotContain("local_net");
    }

    @Test
    void aValueThatWouldBreakTheConfIsRefused() {
        assertThatThrownBy(() -> new GeneratorSettings("agi://x", "central-unica", List.of(), "0.0.0.0:5060", "cu-monitor", "alaw",
                Optional.of("1.2.3.4;x"), List.of(), "127.0.0.1", 5038)).hasMessageContaining("bad address");
        assertThatThrownBy(() -> GeneratorSettings.fromEnvironment(Map.of("CU_AMI_BIND", "0.0.0.0\nport=1")))
                .hasMessageContaining("CU_AMI_BIND");
        assertThatThrownBy(() -> GeneratorSettings.fromEnvironment(Map.of("CU_AMI_PORT", "70000"))).hasMessageContaining("CU_AMI_PORT");
    }

    @Test
    void amiListensOnLoopbackUnlessToldWhereAndOnWhichPort() {
        var byDefault = new AsteriskConfigGenerator(ContractDialplan.fromClasspath(), GeneratorSettings.defaults(), ConfigFixtures.referenceSecrets());
        assertThat(byDefault.manager()).contains("port = 5038\nbindaddr = 127.0.0.1\n").doesNotContain("0.0.0.0:");
        var told = new AsteriskConfigGenerator(ContractDialplan.fromClasspath(), GeneratorSettings.fromEnvironment(
                Map.of("CU_AMI_BIND", "172.28.0.10", "CU_AMI_PORT", "5039")), ConfigFixtures.referenceSecrets());
        assertThat(told.manager()).contains("port = 5039\nbindaddr = 172.28.0.10\n");
    }
}
