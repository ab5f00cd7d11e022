package pe.centralunica.sipconfig.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import pe.centralunica.sipconfig.topology.SipTopology;
import pe.centralunica.sipconfig.topology.SipTopology.DialKind;
import pe.centralunica.sipconfig.topology.SipTopology.DialTarget;
import pe.centralunica.sipconfig.topology.SipTopology.Direction;
import pe.centralunica.sipconfig.topology.SipTopology.InboundNumber;
import pe.centralunica.sipconfig.topology.SipTopology.NumberKind;
import pe.centralunica.sipconfig.topology.SipTopology.QueueDef;
import pe.centralunica.sipconfig.topology.SipTopology.Trunk;

/** The validator finds each kind of broken reference in a configuration that is otherwise fine. */
class ConfigValidatorTest {

    private static final SipTopology SMALL = new SipTopology(
            List.of(new InboundNumber("911", NumberKind.UNIVERSAL, Optional.empty(), "Central 911")),
            List.of(new QueueDef("cic-sc", List.of("Q-METRO"), "CIC-SC", "CIC", List.of()),
                    new QueueDef("desk-pnp", List.of("Q-PNP"), "PNP", "PNP", List.of())),
            List.of(new DialTarget("T-PNP", DialKind.TRUNK, "trunk-pnp", Optional.of("105"), true)),
            List.of(new Trunk("trunk-pnp", Direction.OUTBOUND, "192.0.2.11", 5060, Optional.of("T-PNP"), Optional.empty(), false, true)),
            List.of(), List.of());

    private final ConfigValidator validator = new ConfigValidator();

    private static Map<String, String> files(SipTopology topology) {
        return new TreeMap<>(ConfigFixtures.generator(ConfigFixtures.referenceSecrets()).generate(topology));
    }

    @Test
    void aSmallConsistentConfigurationHasNoProblems() {
        assertThat(validator.problems(files(SMALL), SMALL)).isEmpty();
    }

    @Test
    void aFlaggedCallersMissingWarningClassIsReported() {
        Map<String, String> f = new HashMap<>(files(SMALL));
        f.put(AsteriskConfigGenerator.MUSICONHOLD, f.get(AsteriskConfigGenerator.MUSICONHOLD).replace("[cu-flagged-qu]", "[cu-flagged-xx]"));
        assertThat(validator.problems(f, SMALL)).singleElement().asString()
                .contains("musiconhold.conf", "[cu-flagged-qu]", "flagged qu callers would wait without the warning");
    }

    @Test
    void aDuplicateExtensionIsReported() {
        Map<String, String> f = files(SMALL);
        f.put("extensions.conf", f.get("extensions.conf").replace("[cu-triage]",
                "exten => 911,1,Goto(cu-triage,${EXTEN},1)\n\n[cu-triage]"));
        assertThat(validator.problems(f, SMALL)).singleElement().asString()
                .contains("duplicate extension 911 priority 1 in [cu-inbound]");
    }

    @Test
    void aGotoToAMissingContextOrLabelIsReported() {
        Map<String, String> f = files(SMALL);
        f.put("extensions.conf", f.get("extensions.conf")
                .replace("Goto(cu-triage,${CU_DIALLED},tried)\n\n; Registered", "Goto(cu-rout,s,1)\n\n; Registered")
                .replace("?done)\n same => n,Set(CU_LAST_STATUS=${DIALSTATUS})", "?finished)\n same => n,Set(CU_LAST_STATUS=${DIALSTATUS})"));
        assertThat(validator.problems(f, SMALL)).hasSize(2).anySatisfy(p -> assertThat(p).contains("[cu-triage]", "context [cu-rout]"))
                .anySatisfy(p -> assertThat(p).contains("[cu-route]", "label 'finished'"));
    }

    @Test
    void aRouteTargetWhoseTrunkHasNoEndpointIsReported() {
        SipTopology noTrunk = new SipTopology(SMALL.inboundNumbers(), SMALL.queues(), SMALL.dialTargets(), List.of(),
                List.of(), List.of());
        assertThat(validator.problems(files(noTrunk), noTrunk)).containsExactly(
                "pjsip.conf: route target T-PNP dials endpoint trunk-pnp, which is not defined (add a sip_trunk row for it)");
    }

    @Test
    void withoutTheMetropolitanQueueTheFallbackHasNowhereToGo() {
        SipTopology noMetro = new SipTopology(SMALL.inboundNumbers(), List.of(SMALL.queues().get(1)), SMALL.dialTargets(),
                SMALL.trunks(), List.of(), List.of());
        assertThatThrownBy(() -> validator.check(files(noMetro), noMetro))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("CU_FALLBACK_QUEUE '' is not a queue")
                .hasMessageContaining("Queue(${CU_FALLBACK_QUEUE}) names no queue")
                .hasMessageContaining("no QUEUE route target Q-METRO");
    }

    @Test
    void anEndpointInAMissingContextAndAnUnknownQueueMemberAreReported() {
        Map<String, String> f = files(SMALL);
        f.put("pjsip.conf", f.get("pjsip.conf").replace("context = cu-monitoring", "context = cu-monitor"));
        f.put("queues.conf", f.get("queues.conf").replace("[desk-pnp](cu-step-queue)\n", "[desk-pnp](cu-step-queue)\nmember => PJSIP/disp-999\n"));
        assertThat(validator.problems(f, SMALL)).containsExactly(
                "pjsip.conf: endpoint cu-monitor: context [cu-monitor] does not exist",
                "queues.conf: queue desk-pnp: member PJSIP/disp-999 is not a PJSIP endpoint we define");
    }

    @Test
    void anInboundNumberWithoutAnExtensionIsReported() {
        Map<String, String> f = files(SMALL);
        f.put("extensions.conf", f.get("extensions.conf").replace("exten => 911,1,", "exten => 912,1,"));
        assertThat(validator.problems(f, SMALL)).containsExactly(
                "extensions.conf: inbound number 911 has no extension in [cu-inbound]");
    }
}
