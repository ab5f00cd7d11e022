package pe.centralunica.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CliAndPromptsTest {

    @Test
    void cliRejectsUnknownOptionsAndMissingValues() throws Exception {
        assertThat(SimulatorMain.parse(new String[] {"--rate", "200", "--prompt-seconds", "2"}))
                .containsEntry("rate", "200").containsEntry("prompt-seconds", "2");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--prompt-secs", "2"})).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--rate"})).hasMessageContaining("missing value");
    }

    @Test
    void promptsLastTheConfiguredLengthAndMissingOnesFail() throws Exception {
        String dialplan = """
                [t]
                exten => _X.,1,Playback(welcome)
                 same => n,Playback(no-such-prompt)
                 same => n,NoOp(${PLAYBACKSTATUS})
                """;
        try (SimulatedAsterisk sim = SimulatedAsterisk.builder().dialplanText(dialplan)
                .defaultSoundLength(Duration.ofSeconds(7)).missingSound("no-such-prompt").timeScale(0.01).start()) {
            CallOutcome o = sim.place(CallScript.caller("1").context("t").dials("911")).get(10, TimeUnit.SECONDS);
            assertThat(o.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
            assertThat(o.dialplanTrace()).contains("t,911,3 NoOp(FAILED)");
        }
    }
}
