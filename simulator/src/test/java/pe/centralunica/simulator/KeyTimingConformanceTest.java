package pe.centralunica.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When a caller's keys count, as the real Asterisk 20 showed (app's RealAsteriskTriageTest; shared/reference-asterisk
 * README): STREAM FILE without escape digits throws keys away, with escape digits it stops on one and returns it,
 * and a key pressed while no command runs (res_agi reads and drops the channel's frames between commands) is never
 * seen by a later GET DATA or WAIT FOR DIGIT. The simulator used to keep such keys for the next command.
 */
class KeyTimingConformanceTest {

    @Test
    void keysCountOnlyAsEscapeDigitsOrWhileAKeyReadingCommandRuns() throws Exception {
        Map<String, Integer> results = new ConcurrentHashMap<>();
        try (TestAgiServer agi = new TestAgiServer()) {
            agi.script("keys", (request, channel) -> {
                channel.answer();
                results.put("streamWithoutEscapes", (int) channel.streamFile("prompt", ""));        // 0-1 s, key 1 at 0.5 s
                results.put("streamWithEscapes", (int) channel.streamFile("prompt", "0123456789")); // 1-2 s, key 2 at 1.5 s
                try {
                    Thread.sleep(1000); // no command running: key 3 at 2.5 s
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                results.put("waitAfterIdle", (int) channel.waitForDigit(1000));
            });
            String dialplan = "[t]\nexten => _X.,1,AGI(agi://127.0.0.1:" + agi.port() + "/keys)\n same => n,Hangup()\n";
            try (SimulatedAsterisk sim = SimulatedAsterisk.builder().dialplanText(dialplan).agiServer("127.0.0.1", agi.port())
                    .defaultSoundLength(Duration.ofSeconds(1)).timeScale(1.0).start()) {
                // Real time: the script's own pauses and the simulated prompts run on the same clock.
                sim.place(CallScript.caller("1").context("t").dials("911")
                        .pressesAfter(Duration.ofMillis(500), "1").pressesAfter(Duration.ofMillis(1_500), "2")
                        .pressesAfter(Duration.ofMillis(2_500), "3").hangsUpAfter(Duration.ofSeconds(20))).get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(results).containsEntry("streamWithoutEscapes", 0).containsEntry("streamWithEscapes", (int) '2')
                .containsEntry("waitAfterIdle", 0);
    }
}
