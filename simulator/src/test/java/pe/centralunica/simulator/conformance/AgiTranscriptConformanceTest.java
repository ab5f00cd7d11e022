package pe.centralunica.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.SimulatedAsterisk;

/**
 * Replays our server's side of each FastAGI transcript against the simulator and checks that the simulator
 * answers line by line what the real Asterisk 20.20.1 answered. Only values that differ per run by nature
 * (channel sequence number, uniqueid, thread id, the ephemeral port) are normalised.
 */
class AgiTranscriptConformanceTest {

    private static String normalise(String line) {
        return line.replaceAll("-[0-9a-f]{8};", "-XXXXXXXX;")
                .replaceAll("^agi_uniqueid: \\d+\\.\\d+$", "agi_uniqueid: U")
                .replaceAll("^agi_threadid: \\d+$", "agi_threadid: T")
                .replaceAll("agi://127\\.0\\.0\\.1:\\d+/", "agi://127.0.0.1:PORT/");
    }

    private static List<String> expectedAsteriskLines(Transcript t) {
        List<String> out = new ArrayList<>();
        for (Transcript.Line l : t.lines()) if (l.dir() == 'A') out.add(normalise(l.text()));
        return out;
    }

    private List<String> replay(String file, CallScript script, double timeScale) throws Exception {
        Transcript t = Transcript.load("agi/" + file);
        try (AgiTranscriptReplayer replayer = new AgiTranscriptReplayer(t);
             SimulatedAsterisk sim = SimulatedAsterisk.builder()
                     .dialplanText(resource("transcripts/extensions-transcripts.conf"))
                     .agiServer("127.0.0.1", replayer.port())
                     .queue(QueueSpec.named("district-150122").ringAll().member(MemberSpec.named("Local/agent1@agents/n")
                             .memberName("Agent One").answerAfter(Duration.ofSeconds(1)).talkFor(Duration.ofSeconds(2))))
                     .queue(QueueSpec.named("district-noanswer").ringAll().member(MemberSpec.named("Local/noanswer@agents/n")
                             .memberName("Agent NoAnswer").neverAnswers()))
                     .timeScale(timeScale)
                     .start()) {
            CallOutcome outcome = sim.place(script).get(60, TimeUnit.SECONDS);
            assertThat(outcome.channel()).matches("Local/.*-[0-9a-f]{8};1");
            List<String> got = replayer.received.get(30, TimeUnit.SECONDS);
            return got.stream().map(AgiTranscriptConformanceTest::normalise).toList();
        }
    }

    private static String resource(String name) throws Exception {
        try (var in = AgiTranscriptConformanceTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static CallScript simCaller(String localChannel, String exten) {
        return CallScript.caller("600100").named("Sim Caller").channel(localChannel).context("emergency").dials(exten);
    }

    private void assertConforms(String file, CallScript script) throws Exception {
        assertConforms(file, script, 0.1);
    }

    /** Scenarios racing the caller's hang-up against our server's commands run in real time (scale 1). */
    private void assertConforms(String file, CallScript script, double timeScale) throws Exception {
        List<String> got = replay(file, script, timeScale);
        assertThat(got).containsExactlyElementsOf(expectedAsteriskLines(Transcript.load("agi/" + file)));
    }

    @Test
    void fullEnvironmentAnswerStreamGetDataVariablesVerbose() throws Exception {
        // the digit must come during GET DATA (STREAM FILE without escape digits drops it): 2.5 s leaves room
        // for a slow start on a loaded machine; the real capture had it at 1.2 s
        assertConforms("01-triage-full-env.txt", simCaller("Local/caller@sim", "112")
                .pressesAfter(Duration.ofMillis(2500), "1").hangsUpAfter(Duration.ofSeconds(31)));
    }

    @Test
    void waitForDigitTimeoutsChannelStatusAndMissingSound() throws Exception {
        assertConforms("01b-timeouts-wait-for-digit-channel-status.txt", simCaller("Local/caller@sim", "126")
                .pressesAfter(Duration.ofMillis(1500), "1").hangsUpAfter(Duration.ofSeconds(31)));
    }

    @Test
    void agiArgumentsAndQueryString() throws Exception {
        assertConforms("02-agi-arguments-and-query.txt", simCaller("Local/caller2@sim", "120")
                .pressesAfter(Duration.ofMillis(2500), "2").hangsUpAfter(Duration.ofSeconds(31)));
    }

    @Test
    void callerHangsUpDuringGetData() throws Exception {
        assertConforms("03a-caller-hangs-up-during-get-data.txt", simCaller("Local/hangup@sim", "121")
                .hangsUpAfter(Duration.ofMillis(1500)), 1.0);
    }

    @Test
    void callerHangsUpWhileServerIdle() throws Exception {
        assertConforms("03b-caller-hangs-up-while-server-idle.txt", simCaller("Local/hangup@sim", "125")
                .hangsUpAfter(Duration.ofMillis(1500)), 1.0);
    }

    @Test
    void unknownCommandWrongUsageLowerCaseAndUnknownApplication() throws Exception {
        assertConforms("04-invalid-command-and-wrong-usage.txt", simCaller("Local/silent@sim", "122")
                .hangsUpAfter(Duration.ofSeconds(30)));
    }

    @Test
    void execQueueAgentAnswersWithoutOptionC() throws Exception {
        assertConforms("05a-exec-queue-agent-answers.txt", simCaller("Local/silent@sim", "123")
                .hangsUpAfter(Duration.ofSeconds(30)));
    }

    @Test
    void execQueueContinueTimeoutAndDialStatuses() throws Exception {
        assertConforms("05b-exec-queue-continue-timeout-and-dial.txt", simCaller("Local/long@sim", "124")
                .hangsUpAfter(Duration.ofSeconds(120)));
    }
}
