package pe.centralunica.db.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The delay the journal adds: from the moment data became durable in the spool until PostgreSQL has it. */
class ShipDelayTest {
    private static final long MS = 1_000_000;
    private final ShipDelay delay = new ShipDelay();

    private static SpoolPosition at(long offset) {
        return new SpoolPosition(3, offset);
    }

    @Test
    void theOldestUnshippedDurableDataSetsTheDelayUntilTheCheckpointPassesIt() {
        assertThat(delay.at(1_000 * MS)).as("nothing waits").isZero();
        delay.durable(at(100), 1_000 * MS);
        delay.durable(at(200), 1_300 * MS);

        assertThat(delay.at(1_450 * MS)).isEqualTo(Duration.ofMillis(450));
        delay.shipped(at(100));
        assertThat(delay.at(1_450 * MS)).as("the second write's wait").isEqualTo(Duration.ofMillis(150));
        delay.shipped(at(200));
        assertThat(delay.at(1_450 * MS)).isZero();
    }

    @Test
    void aCheckpointInsideAWriteLeavesThatWritesWait() {
        delay.durable(at(100), 1_000 * MS);
        delay.durable(at(200), 1_300 * MS);
        delay.shipped(at(150)); // a full batch ended inside the second fsync group

        assertThat(delay.at(1_400 * MS)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void closeFsyncsShareTheOlderMarkSoAnOutageKeepsFewMarksAndNeverUnderstates() {
        delay.durable(at(100), 1_000 * MS);
        delay.durable(at(200), 1_020 * MS);
        delay.durable(at(300), 1_040 * MS);
        delay.shipped(at(100));

        assertThat(delay.at(1_100 * MS)).as("the coalesced mark keeps the first fsync's time").isEqualTo(Duration.ofMillis(100));
        delay.durable(at(300), 1_500 * MS);
        assertThat(delay.at(1_100 * MS)).as("no progress, no new mark").isEqualTo(Duration.ofMillis(100));
    }
}
