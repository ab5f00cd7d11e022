package pe.centralunica.ivr;

import org.junit.jupiter.api.Test;
import pe.centralunica.router.RouteStep;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmallPartsTest {

    @Test
    void theAllowListMatchesAddressesAndBlocksOfBothFamilies() throws Exception {
        AllowList allow = AllowList.parse("127.0.0.1, 10.20.0.0/16, fd00::/8");

        assertThat(allow.allows(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(allow.allows(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(allow.allows(InetAddress.getByName("10.20.255.7"))).isTrue();
        assertThat(allow.allows(InetAddress.getByName("10.21.0.1"))).isFalse();
        assertThat(allow.allows(InetAddress.getByName("fd12::1"))).isTrue();
        assertThat(allow.allows(InetAddress.getByName("::1"))).isFalse();
        assertThat(AllowList.parse("10.0.0.0/12").allows(InetAddress.getByName("10.15.0.1"))).isTrue();
        assertThat(AllowList.parse("10.0.0.0/12").allows(InetAddress.getByName("10.16.0.1"))).isFalse();
    }

    @Test
    void theAllowListRefusesHostNamesAndNonsenseWithAClearMessage() {
        assertThatThrownBy(() -> AllowList.parse("asterisk.example")).hasMessageContaining("'asterisk.example' is not an IP address");
        assertThatThrownBy(() -> AllowList.parse("10.0.0.0/33")).hasMessageContaining("prefix length outside 0..32");
        assertThatThrownBy(() -> AllowList.parse(" , ")).hasMessageContaining("empty");
    }

    @Test
    void aRoutePlanSurvivesTheChannelVariableRoundTrip() {
        RoutePlan plan = new RoutePlan(List.of(new RouteStep("T-PNP", RouteStep.Kind.DIAL, "PJSIP/105@trunk-pnp", 25),
                new RouteStep("Q-METRO", RouteStep.Kind.QUEUE, "cic-sc", 60)));

        assertThat(plan.encode()).isEqualTo("T-PNP|DIAL|PJSIP/105@trunk-pnp|25;Q-METRO|QUEUE|cic-sc|60");
        assertThat(RoutePlan.decode(plan.encode())).isEqualTo(plan);
        assertThatThrownBy(() -> RoutePlan.decode("T-PNP|PHONE|x|25")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> new RoutePlan(List.of(new RouteStep("A;B", RouteStep.Kind.QUEUE, "q", 5))).encode())
                .hasMessageContaining("cannot travel");
    }

    @Test
    void everyPromptTheFlowCanPlayIsInTheCatalogueInEveryLanguage() throws Exception {
        FlowDefinition flow = FlowDefinition.fromClasspath();
        Set<String> catalogued = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(getClass().getResourceAsStream("/ivr/prompts.tsv")), StandardCharsets.UTF_8))) {
            r.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
                String[] f = l.split("\t");
                assertThat(f).as("name, language, text: %s", l).hasSize(3);
                catalogued.add(f[0] + "/" + f[1]);
            });
        }
        for (String lang : flow.languages()) {
            for (String prompt : flow.allPrompts()) {
                assertThat(catalogued).as("prompt %s in %s", prompt, lang).contains(prompt + "/" + lang);
            }
        }
        // The queue's announcements: "connecting", and for a flagged caller the warning (the <lang>_flagged variant).
        for (String lang : flow.languages()) {
            assertThat(catalogued).contains("cu-connecting/" + lang, "cu-connecting/" + lang + "_flagged");
        }
    }

    @Test
    void aFlowWithATypoFailsAtStartNamingTheKey() {
        String broken = "languages=es\nsilent-key=5\ntype-menu.prompt=x\ntype-menu.timeout-ms=soon\n";
        assertThatThrownBy(() -> FlowDefinition.from(new StringReader(broken)))
                .hasMessageContaining("'type-menu.timeout-ms' must be a non-negative number, got 'soon'");
        String badKey = "languages=es,en\nlanguage.en.key=nine\n";
        assertThatThrownBy(() -> FlowDefinition.from(new StringReader(badKey + "silent-key=5\ntype-menu.timeout-ms=1\ntype-menu.attempts=1\nsilent-confirm.timeout-ms=1\ndistrict-menu.timeout-ms=1\ndistrict-menu.attempts=1\nquestion-deadline-ms=1\n")))
                .hasMessageContaining("language.en.key");
    }
}
