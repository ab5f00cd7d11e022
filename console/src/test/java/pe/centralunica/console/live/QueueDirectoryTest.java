package pe.centralunica.console.live;

import org.junit.jupiter.api.Test;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Queue → central, for the console's "who may see this call": language variants belong to their queue's central. */
class QueueDirectoryTest {

    @Test
    void aCallInALanguageVariantIsOwnedByItsQueuesCentral() {
        try (Database db = Database.open(TestDatabases.freshSettings())) {
            db.migrate();
            QueueDirectory queues = new QueueDirectory(new Jdbc(db.dataSource()));
            queues.reload();

            assertThat(queues.agencyOf(Optional.of("desk-cgbvp"))).contains("CGBVP");
            assertThat(queues.agencyOf(Optional.of("desk-cgbvp-qu"))).contains("CGBVP");
            assertThat(queues.agencyOf(Optional.of("ser-150122-en"))).contains("SER-150122");
            assertThat(queues.agencyOf(Optional.of("desk-cgbvp-xx"))).isEmpty();
            assertThat(queues.agencyOf(Optional.of("nobody-qu"))).isEmpty();
            assertThat(queues.agencyOf(Optional.empty())).isEmpty();
        }
    }
}
