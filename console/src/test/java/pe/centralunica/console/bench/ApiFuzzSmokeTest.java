package pe.centralunica.console.bench;

import org.junit.jupiter.api.Test;
import pe.centralunica.console.desk.ConsoleNode;
import pe.centralunica.db.testing.SeededRuns;

import static org.assertj.core.api.Assertions.assertThat;

/** A few thousand inputs of the fuzz in every build; the million runs in the bench profile ({@link ApiFuzzBench}). */
class ApiFuzzSmokeTest {

    @Test
    void generatedBodiesAndSocketMessagesCauseNo5xxAndNoLeakedSession() throws Exception {
        try (ConsoleNode console = new ConsoleNode()) {
            ApiFuzz fuzz = new ApiFuzz(console, SeededRuns.masterSeedFromSystemProperties());
            ApiFuzz.Report report = fuzz.run(Long.getLong("fuzz.smoke.inputs", 3_000), 0.3, 4);
            System.out.println("FUZZ " + report.summary() + "; time by route: " + fuzz.slowestRoutes(6));
            assertThat(report.serverErrors()).as(report.summary()).isEmpty();
            assertThat(report.leaks()).as(report.summary()).isEmpty();
            assertThat(report.uncleanErrors()).as(report.summary()).isEmpty();
            assertThat(report.transportErrors()).as(report.summary() + "\n" + String.join("\n", fuzz.transportDetails)).isZero();
            assertThat(report.statuses().keySet()).as("the fuzz reached validation, not only the session check").contains(400);
        }
    }
}
