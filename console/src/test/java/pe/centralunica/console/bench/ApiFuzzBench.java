package pe.centralunica.console.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import pe.centralunica.console.desk.ConsoleNode;
import pe.centralunica.db.testing.SeededRuns;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The million-input fuzz of the console's HTTP JSON bodies and live WebSocket (see {@link ApiFuzz}). Tagged
 * "bench": only with {@code -Pbench}. Inputs: {@code -Dfuzz.inputs} (default 1,000,000), of which
 * {@code -Dfuzz.webSocketShare} (0.5) go to the live WebSocket; values from {@code -Dfuzz.seed} (fixed by default,
 * {@code random} for a fresh one); prints the figures.
 */
@Tag("bench")
public class ApiFuzzBench {

    /** The same run without Maven (classpath as for ConsoleBench in app/CONSOLE.md). */
    public static void main(String[] args) throws Exception {
        new ApiFuzzBench().aMillionGeneratedInputsCauseNo5xxNoCrashAndNoLeakedSession();
        System.out.println("FUZZ passed");
        System.exit(0);
    }

    @Test
    void aMillionGeneratedInputsCauseNo5xxNoCrashAndNoLeakedSession() throws Exception {
        long inputs = Long.getLong("fuzz.inputs", 1_000_000);
        try (ConsoleNode console = new ConsoleNode()) {
            ApiFuzz fuzz = new ApiFuzz(console, SeededRuns.masterSeedFromSystemProperties());
            ApiFuzz.Report report = fuzz.run(inputs, Double.parseDouble(System.getProperty("fuzz.webSocketShare", "0.5")), 8);
            System.out.println("FUZZ " + report.summary());
            System.out.println("FUZZ time by route: " + fuzz.slowestRoutes(8));
            report.serverErrors().stream().limit(20).forEach(e -> System.out.println("FUZZ 5xx " + e));
            report.leaks().stream().limit(20).forEach(e -> System.out.println("FUZZ leak " + e));
            report.uncleanErrors().stream().limit(20).forEach(e -> System.out.println("FUZZ non-JSON " + e));
            fuzz.transportDetails.stream().limit(20).forEach(e -> System.out.println("FUZZ transport " + e));
            assertThat(report.inputs()).isGreaterThanOrEqualTo(inputs);
            assertThat(report.serverErrors()).isEmpty();
            assertThat(report.leaks()).isEmpty();
            assertThat(report.uncleanErrors()).isEmpty();
            assertThat(report.transportErrors()).as(String.join("\n", fuzz.transportDetails)).isZero();
            assertThat(console.client().get("/api/districts").statusCode()).as("still serving").isEqualTo(200);
            assertThat(console.count("SELECT count(*) FROM console_session s JOIN app_user u ON u.id = s.user_id"
                    + " WHERE u.username NOT IN ('admin', 'disp.miraflores', 'disp.sjl')")).as("sessions of anyone else").isZero();
        }
    }
}
