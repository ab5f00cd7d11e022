package pe.centralunica.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static pe.centralunica.simulator.conformance.RawAmiClient.get;
import static pe.centralunica.simulator.conformance.RawAmiClient.keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.SimulatedAsterisk;

/** The simulator's AMI server against the AMI transcripts of a real Asterisk 20.20.1. */
class AmiConformanceTest {
    /** Values that differ per run by nature; their keys and positions are still compared. */
    private static final Set<String> VARYING = Set.of("Timestamp", "CoreStartupDate", "CoreStartupTime",
            "CoreReloadDate", "CoreReloadTime", "CoreCurrentCalls", "CoreProcessedCalls");

    static SimulatedAsterisk.Builder sim() {
        return SimulatedAsterisk.builder()
                .dialplanText(AgiTranscriptConformanceTestSupport.transcriptDialplan())
                .queue(QueueSpec.named("district-150122").ringAll().member(MemberSpec.named("Local/agent1@agents/n")
                        .memberName("Agent One").answerAfter(Duration.ofSeconds(1)).talkFor(Duration.ofSeconds(2))))
                .ami(0, "emergency", "emergency-secret")
                .timeScale(0.05);
    }

    @Test
    void bannerIsOneCrlfLineAndLogoffSaysGoodbyeThenCloses() throws Exception {
        try (SimulatedAsterisk s = sim().start(); RawAmiClient c = new RawAmiClient(s.amiPort())) {
            assertThat(c.banner).isEqualTo("Asterisk Call Manager/9.0.0");
            c.send("Action: Login", "ActionID: login-1", "Username: emergency", "Secret: emergency-secret");
            assertThat(c.next()).containsExactly(Map.entry("Response", "Success"), Map.entry("ActionID", "login-1"),
                    Map.entry("Message", "Authentication accepted"));
            var booted = c.next();
            assertThat(keys(booted)).containsExactly("Event", "Privilege", "Uptime", "LastReload", "Status");
            assertThat(get(booted, "Event")).isEqualTo("FullyBooted");
            assertThat(get(booted, "Status")).isEqualTo("Fully Booted");
            var auth = c.next();
            assertThat(keys(auth)).containsExactlyElementsOf(keys(Transcript.load("ami/01-login-logoff.txt")
                    .asteriskMessages().get(2)));
            c.send("Action: Logoff", "ActionID: logoff-1");
            assertThat(c.next()).containsExactly(Map.entry("Response", "Goodbye"), Map.entry("ActionID", "logoff-1"),
                    Map.entry("Message", "Thanks for all the fish."));
            assertThat(c.next()).isSameAs(RawAmiClient.EOF);
            assertThat(c.framingErrors).isEmpty();
        }
    }

    @Test
    void wrongSecretAndUnknownUserAreRefusedAndDisconnected() throws Exception {
        try (SimulatedAsterisk s = sim().start()) {
            for (String[] creds : new String[][] {{"emergency", "wrong-secret"}, {"nosuchuser", "x"}}) {
                try (RawAmiClient c = new RawAmiClient(s.amiPort())) {
                    c.send("Action: Login", "ActionID: login-bad", "Username: " + creds[0], "Secret: " + creds[1]);
                    assertThat(c.next()).containsExactly(Map.entry("Response", "Error"), Map.entry("ActionID", "login-bad"),
                            Map.entry("Message", "Authentication failed"));
                    assertThat(c.next()).isSameAs(RawAmiClient.EOF);
                }
            }
        }
    }

    @Test
    void actionsBeforeLoginArePermissionDenied() throws Exception {
        try (SimulatedAsterisk s = sim().start(); RawAmiClient c = new RawAmiClient(s.amiPort())) {
            c.send("Action: Ping", "ActionID: ping-before-login");
            assertThat(c.next()).containsExactly(Map.entry("Response", "Error"),
                    Map.entry("ActionID", "ping-before-login"), Map.entry("Message", "Permission denied"));
            c.send("Action: Originate", "ActionID: orig-before-login", "Channel: Local/silent@sim", "Application: Wait", "Data: 1");
            assertThat(get(c.next(), "Message")).isEqualTo("Permission denied");
        }
    }

    /** Replays every client message of ami/04 and compares each response field by field. */
    @Test
    void basicActionsAnswerAsTranscript04() throws Exception {
        Transcript t = Transcript.load("ami/04-actions-basic.txt");
        try (SimulatedAsterisk s = sim().start(); RawAmiClient c = new RawAmiClient(s.amiPort())) {
            List<Transcript.Line> lines = t.lines();
            int i = 0;
            while (i < lines.size()) {
                // one client message
                StringBuilder msg = new StringBuilder();
                String actionId = null;
                while (i < lines.size() && (lines.get(i).dir() == 'C' || lines.get(i).dir() == 'c')) {
                    Transcript.Line l = lines.get(i++);
                    if (l.dir() == 'c') {
                        msg.append(l.text());
                        break;
                    }
                    msg.append(l.text()).append("\r\n");
                    if (l.text().toLowerCase().startsWith("actionid:")) actionId = l.text().substring(9).strip();
                    if (l.text().isEmpty()) break;
                }
                c.sendRaw(msg.toString());
                // the messages the real Asterisk sent before the client's next message
                List<List<Map.Entry<String, String>>> expected = new ArrayList<>();
                List<Map.Entry<String, String>> cur = new ArrayList<>();
                while (i < lines.size() && lines.get(i).dir() == 'A') {
                    String text = lines.get(i++).text();
                    if (text.isEmpty()) {
                        expected.add(cur);
                        cur = new ArrayList<>();
                    } else if (text.contains(": ")) {
                        cur.add(Map.entry(text.substring(0, text.indexOf(": ")), text.substring(text.indexOf(": ") + 2)));
                    } else if (text.endsWith(":")) {
                        cur.add(Map.entry(text.substring(0, text.length() - 1), ""));
                    }
                }
                for (var exp : expected) {
                    var got = c.next();
                    assertThat(keys(got)).as("fields of the answer to %s", actionId).containsExactlyElementsOf(keys(exp));
                    if ("cmd-2".equals(actionId)) continue; // queue statistics differ from the recording run
                    for (int k = 0; k < exp.size(); k++) {
                        if (VARYING.contains(exp.get(k).getKey())) continue;
                        assertThat(got.get(k)).as("answer to %s", actionId).isEqualTo(exp.get(k));
                    }
                }
            }
            assertThat(c.next()).isSameAs(RawAmiClient.EOF); // after Logoff
            assertThat(c.framingErrors).isEmpty();
        }
    }
}
