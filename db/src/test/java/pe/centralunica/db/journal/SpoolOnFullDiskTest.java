package pe.centralunica.db.journal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static pe.centralunica.db.journal.JournalTestSupport.await;
import static pe.centralunica.db.journal.JournalTestSupport.distinctEventIds;
import static pe.centralunica.db.journal.JournalTestSupport.eventCount;

/**
 * The spool on a file system that fills up: a 192 KiB tmpfs mounted for the test (needs root, as CI runs;
 * skipped with the reason elsewhere). Appends stay bounded, the fault is reported as a full disk, and once
 * PostgreSQL takes the backlog the spool frees its shipped segments without needing new space — every
 * accepted event ends up in PostgreSQL exactly once.
 */
class SpoolOnFullDiskTest {

    private static final Instant T0 = Instant.parse("2026-12-07T15:00:00Z");
    private static final Duration RETURNS_WITHIN = Duration.ofMillis(1_500);

    private static Database db;
    private static Path mountPoint;

    @BeforeAll
    static void mountSmallTmpfs() throws Exception {
        String uid = run("id", "-u");
        Assumptions.assumeTrue("0".equals(uid.strip()),
                "needs root to mount a small tmpfs for the full-disk test (CI runs as root); uid here is " + uid.strip());
        mountPoint = Files.createDirectories(Path.of("target", "full-disk-" + UUID.randomUUID())).toAbsolutePath();
        String out = run("mount", "-t", "tmpfs", "-o", "size=192k,mode=0700", "cu-full-disk-test", mountPoint.toString());
        Assumptions.assumeTrue(isMounted(), "cannot mount a tmpfs here (" + out.strip() + "); full-disk test skipped");
        db = TestDatabases.fresh();
    }

    @AfterAll
    static void unmount() throws Exception {
        if (db != null) {
            db.close();
        }
        if (mountPoint != null && isMounted()) {
            run("umount", mountPoint.toString());
        }
    }

    private static boolean isMounted() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().anyMatch(l -> l.contains(" " + mountPoint + " "));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void spoolOnAFullDiskKeepsAppendsBoundedRaisesTheAlarmAndShipsEveryAcceptedEventOnceSpaceReturns() throws Exception {
        SwitchableDataSource ds = new SwitchableDataSource(db.dataSource());
        ds.down(); // PostgreSQL away: nothing ships, the spool fills the disk
        JournalSettings settings = JournalSettings.defaults(mountPoint.resolve("spool"))
                .withSegmentBytes(16 * 1024)
                .withIdlePoll(Duration.ofMillis(20))
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
                .withCloseTimeout(Duration.ofSeconds(5))
                .withAppendTimeout(Duration.ofMillis(200));
        List<UUID> calls = new ArrayList<>();
        Set<UUID> accepted = new HashSet<>();
        int refused = 0;
        Duration slowest = Duration.ZERO;
        try (SpooledCallJournal journal = SpooledCallJournal.start(settings, ds)) {
            int afterFull = -1;
            for (int i = 0; i < 5_000 && afterFull < 30; i++) {
                TestCall call = TestCall.at(T0, i);
                calls.add(call.id);
                for (CallEvent e : call.answeredTimeline("FIRE", "150101")) {
                    long started = System.nanoTime();
                    try {
                        journal.append(e);
                        accepted.add(e.eventId());
                    } catch (JournalNotDurableException notYet) {
                        if (notYet.stillQueued()) {
                            accepted.add(e.eventId());
                        } else {
                            refused++;
                        }
                    }
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    slowest = took.compareTo(slowest) > 0 ? took : slowest;
                }
                if (afterFull >= 0) {
                    afterFull++;
                } else if (journal.faults().stream().anyMatch(f -> f instanceof JournalFault.WritesFailing w && w.diskFull())) {
                    afterFull = 0;
                }
            }
            assertThat(journal.faults()).as("alarm raised while the disk is full")
                    .anyMatch(f -> f instanceof JournalFault.WritesFailing w && w.diskFull());
            assertThat(journal.queuedEvents()).as("events held in memory, not dropped").isPositive();
            assertThat(slowest).as("slowest append while the disk filled up").isLessThan(RETURNS_WITHIN);
            assertThat(refused).isZero();

            ds.up();
            await(() -> journal.stats().shippedTotal() == accepted.size() && journal.queuedEvents() == 0,
                    Duration.ofSeconds(60), "every accepted event shipped (" + accepted.size() + ")");
            await(() -> journal.faults().isEmpty(), Duration.ofSeconds(10), "alarm cleared");
        }
        assertThat(eventCount(db, calls)).isEqualTo(accepted.size());
        assertThat(distinctEventIds(db, calls)).isEqualTo(accepted.size());
    }
}
