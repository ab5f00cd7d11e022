package pe.centralunica.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static pe.centralunica.simulator.conformance.RawAmiClient.get;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.SimulatedAsterisk;
import pe.centralunica.simulator.internal.AmiEventPermissions;

/**
 * As Asterisk 20 (measured with the real one in app's RealAsteriskLiveViewTest): a manager.conf user is sent only
 * the events of the classes it reads — no VarSet or Newexten (class {@code dialplan}) to a user without
 * {@code dialplan} — and none that an advanced exclude filter matches.
 */
class AmiReadPermissionsConformanceTest {

    private static List<List<Map.Entry<String, String>>> eventsOfOneCall(SimulatedAsterisk.Builder sim) throws Exception {
        try (var agi = new ConformanceIvrServer();
             SimulatedAsterisk s = sim.agiServer("127.0.0.1", agi.port()).start();
             RawAmiClient c = new RawAmiClient(s.amiPort())) {
            c.send("Action: Login", "ActionID: login-1", "Username: emergency", "Secret: emergency-secret");
            assertThat(get(c.nextResponse(), "Response")).isEqualTo("Success");
            CallOutcome o = s.place(CallScript.caller("600100").named("Sim Caller").channel("Local/caller@sim")
                    .context("emergency").dials("150").pressesAfter(Duration.ofMillis(1100), "1")
                    .hangsUpAfter(Duration.ofSeconds(300))).get(30, TimeUnit.SECONDS);
            List<List<Map.Entry<String, String>>> out = new ArrayList<>();
            while (true) {
                var m = c.next();
                if (m == RawAmiClient.EOF) break;
                if (get(m, "Event") != null) out.add(m);
                if ("Hangup".equals(get(m, "Event")) && get(m, "Channel").endsWith(";2")) break;
            }
            assertThat(o.linkedid()).isNotBlank();
            return out;
        }
    }

    private static List<String> names(List<List<Map.Entry<String, String>>> events) {
        return events.stream().map(e -> get(e, "Event")).toList();
    }

    private static List<String> varSetVariables(List<List<Map.Entry<String, String>>> events) {
        return events.stream().filter(e -> "VarSet".equals(get(e, "Event"))).map(e -> get(e, "Variable")).distinct().toList();
    }

    @Test
    void aUserWithoutTheDialplanClassIsSentNoVarSetAndNoNewexten() throws Exception {
        var all = eventsOfOneCall(AmiConformanceTest.sim());
        assertThat(names(all)).as("read = all").contains("VarSet", "Newexten", "Newchannel", "QueueCallerJoin");

        var withoutDialplan = eventsOfOneCall(AmiConformanceTest.sim().amiRead("system,call,agent,user,dtmf,reporting", List.of()));
        assertThat(names(withoutDialplan)).doesNotContain("VarSet", "Newexten")
                .contains("Newchannel", "QueueCallerJoin", "Hangup");
    }

    @Test
    void anExcludeFilterOnVarSetsVariableDropsOnlyTheVariablesItMatches() throws Exception {
        var unfiltered = varSetVariables(eventsOfOneCall(AmiConformanceTest.sim().amiRead("call,dialplan", List.of())));
        String dropped = unfiltered.getFirst();
        assertThat(unfiltered).as("the call sets more than one variable").hasSizeGreaterThan(1);

        var filtered = eventsOfOneCall(AmiConformanceTest.sim().amiRead("call,dialplan", List.of(
                new AmiEventPermissions.Exclude("VarSet", "Variable", Pattern.compile("^" + Pattern.quote(dropped) + "$")))));
        assertThat(varSetVariables(filtered)).doesNotContain(dropped)
                .containsExactlyElementsOf(unfiltered.stream().filter(v -> !v.equals(dropped)).toList());
        assertThat(names(filtered)).contains("Newexten");
    }

    @Test
    void includeFiltersPassOnlyTheNamedEventsAndNewextenOnlyWhereAChannelEntersAContext() throws Exception {
        String managerConf = """
                [general]
                enabled = yes

                [emergency]
                secret = emergency-secret
                read = system,call,agent,dialplan
                eventfilter(action(include),name(Newchannel)) =
                eventfilter(action(include),name(Hangup)) =
                eventfilter(action(include),name(QueueCallerJoin)) =
                eventfilter(action(include),name(Newexten),header(Priority),method(exact)) = 1
                eventfilter(action(include),name(VarSet)) =
                eventfilter(action(exclude),name(VarSet),header(Variable),method(regex)) = ^([^C]|C([^U]|$)|CU([^_]|$))
                """;
        var all = eventsOfOneCall(AmiConformanceTest.sim());
        var filtered = eventsOfOneCall(AmiConformanceTest.sim().amiReadAs(managerConf, "emergency"));

        assertThat(names(all)).as("unfiltered, the call brings other events too").contains("Newstate");
        assertThat(filtered.stream().filter(e -> "Newexten".equals(get(e, "Event"))).count())
                .as("Newexten at priority 1 only").isPositive()
                .isLessThan(all.stream().filter(e -> "Newexten".equals(get(e, "Event"))).count());
        // The call's events (the login's own, FullyBooted and SuccessfulAuth, are written to the session directly).
        assertThat(filtered.stream().filter(e -> get(e, "Uniqueid") != null).toList()).allSatisfy(e -> {
            assertThat(get(e, "Event")).isIn("Newchannel", "Hangup", "QueueCallerJoin", "Newexten", "VarSet");
            if ("Newexten".equals(get(e, "Event"))) assertThat(get(e, "Priority")).isEqualTo("1");
            if ("VarSet".equals(get(e, "Event"))) assertThat(get(e, "Variable")).startsWith("CU_");
        });
        assertThat(names(filtered)).contains("Newchannel", "Hangup", "QueueCallerJoin");
    }

    @Test
    void aFilterTheSimulatorCannotApplyAsAsteriskWouldIsRefused() {
        String legacy = "[u]\nread = all\neventfilter = !Channel: DAHDI.*\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AmiEventPermissions.fromManagerConf(legacy, "u"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advanced filters only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AmiEventPermissions.fromManagerConf("[v]\nread = all\n", "u"))
                .hasMessageContaining("no [u] section");
    }
}
