package pe.centralunica.db.journal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.ReplicatedPostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static pe.centralunica.db.journal.JournalTestSupport.await;

/**
 * The journal and the pools across a PostgreSQL failover: a real primary and a synchronous streaming standby
 * (made by the test: initdb, pg_basebackup), one pgjdbc multi-host URL with {@code targetServerType=primary};
 * calls are journaled before, during and after the primary dies and the standby is promoted. Every event of the
 * period reaches the new primary exactly once (counted by event id), and the general pool serves queries again.
 */
class JournalFailoverTest {

    private static ReplicatedPostgres pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void servers() throws Exception {
        assumeTrue(ReplicatedPostgres.whyUnavailable().isEmpty(), () -> "skipped: " + ReplicatedPostgres.whyUnavailable().orElse(""));
        pg = ReplicatedPostgres.start();
        pg.createDatabase("cu");
    }

    @AfterAll
    static void stop() {
        if (pg != null) pg.close();
    }

    @Test
    void everyEventJournaledAcrossAFailoverReachesThePromotedStandbyExactlyOnce() throws Exception {
        DatabaseSettings settings = DatabaseSettings.of(pg.multiHostUrl("cu"), "postgres", "");
        Instant t0 = Instant.parse("2026-12-07T18:00:00Z");
        Set<UUID> eventIds = ConcurrentHashMap.newKeySet();
        List<UUID> callIds = new ArrayList<>();
        try (Database db = Database.open(settings);
             SpooledCallJournal journal = SpooledCallJournal.start(JournalSettings.defaults(tmp.resolve("spool"))
                     .withIdlePoll(Duration.ofMillis(20)).withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)), db.shippingDataSource())) {
            db.migrate();
            AtomicBoolean writing = new AtomicBoolean(true);
            // A call every 20 ms, as the call path would journal them, for the whole period.
            Thread writer = Thread.ofVirtual().start(() -> {
                for (int n = 0; writing.get(); n++) {
                    TestCall call = TestCall.at(t0.plusSeconds(n), n);
                    synchronized (callIds) {
                        callIds.add(call.id);
                    }
                    for (CallEvent e : call.answeredTimeline("FIRE", "150122")) {
                        eventIds.add(e.eventId());
                        journal.submit(List.of(e));
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            });
            await(() -> journal.stats().shippedTotal() > 200, Duration.ofSeconds(30), "shipping to the first primary");

            long before = System.nanoTime();
            pg.failover();
            Thread.sleep(3_000); // calls keep coming while the pools find the new primary
            writing.set(false);
            writer.join();

            await(() -> journal.stats().unshippedEvents() == 0 && journal.queuedEvents() == 0, Duration.ofSeconds(60),
                    "every event shipped to the new primary");
            System.out.printf("pg-failover: %d events of %d calls; backlog shipped to the promoted standby %.1f s after the primary died%n",
                    eventIds.size(), callIds.size(), (System.nanoTime() - before) / 1e9);
            // The general pool recovers too: its connections to the dead primary are replaced.
            await(() -> db.isReachable(Duration.ofSeconds(2)), Duration.ofSeconds(20), "the general pool serves queries again");
        }
        assertThat(pg.standbyIsPrimary()).isTrue();
        try (Connection c = DriverManager.getConnection(pg.standbyUrl("cu"), "postgres", "");
             PreparedStatement ps = c.prepareStatement("SELECT count(*), count(DISTINCT event_id) FROM call_event WHERE event_id = ANY(?::uuid[])")) {
            ps.setArray(1, c.createArrayOf("text", eventIds.stream().map(UUID::toString).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(2)).as("distinct event ids on the new primary").isEqualTo(eventIds.size());
                assertThat(rs.getLong(1)).as("rows: none twice").isEqualTo(eventIds.size());
            }
        }
    }
}
