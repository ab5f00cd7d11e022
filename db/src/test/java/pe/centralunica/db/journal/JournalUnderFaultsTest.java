package pe.centralunica.db.journal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pe.centralunica.db.journal.JournalTestSupport.await;
import static pe.centralunica.db.journal.JournalTestSupport.eventCount;

/** The journal's bounds and supervision: a stalled, failing or dying writer never holds the call path. */
class JournalUnderFaultsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T14:00:00Z");
    /** Generous for a loaded 2-core machine; the bound under test is 200 ms. */
    private static final Duration RETURNS_WITHIN = Duration.ofMillis(1_500);

    private static Database db;

    @TempDir
    Path tmp;

    @BeforeAll
    static void database() {
        db = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private JournalSettings settings() {
        return JournalSettings.defaults(tmp.resolve("spool"))
                .withSegmentBytes(16 * 1024)
                .withIdlePoll(Duration.ofMillis(20))
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
                .withCloseTimeout(Duration.ofSeconds(5))
                .withAppendTimeout(Duration.ofMillis(200))
                .withStallAfter(Duration.ofMillis(400));
    }

    /** A disk that blocks every write until opened. */
    private static final class StalledDisk implements SpoolWriter.WriteHook {
        final CountDownLatch open = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public void beforeWrite() {
            entered.countDown();
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void appendReturnsWithinItsBoundWhileTheDiskStallsAndTheEventIsShippedOnceTheDiskAnswers() throws Exception {
        StalledDisk disk = new StalledDisk();
        TestCall call = TestCall.at(T0, 1);
        List<CallEvent> events = call.answeredTimeline("FIRE", "150101");
        try (SpooledCallJournal journal = SpooledCallJournal.start(settings(), db.dataSource(), disk)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> journal.append(events.getFirst()))
                    .isInstanceOfSatisfying(JournalNotDurableException.class, e -> assertThat(e.stillQueued()).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(RETURNS_WITHIN);

            await(() -> journal.faults().stream().anyMatch(f -> f instanceof JournalFault.WriterStalled),
                    Duration.ofSeconds(10), "stall reported");
            // Once the stall is known, later appends do not wait at all.
            long later = System.nanoTime();
            for (CallEvent e : events.subList(1, events.size())) {
                assertThatThrownBy(() -> journal.append(e)).isInstanceOf(JournalNotDurableException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - later)).isLessThan(RETURNS_WITHIN);
            assertThat(journal.queuedEvents()).isEqualTo(events.size());

            disk.open.countDown();
            await(() -> journal.stats().unshippedEvents() == 0 && journal.queuedEvents() == 0
                    && journal.stats().shippedTotal() == events.size(), Duration.ofSeconds(30), "everything shipped");
            assertThat(journal.faults()).isEmpty();
            assertThat(journal.refusedEvents()).isZero();
        }
        assertThat(eventCount(db, List.of(call.id))).isEqualTo(events.size());
    }

    @Test
    void writerHitByAnErrorKeepsItsEventsRetriesAndReportsTheFaultUntilWritesSucceed() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(Integer.MAX_VALUE);
        SpoolWriter.WriteHook failing = () -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IOException("Input/output error (simulated)");
            }
        };
        TestCall call = TestCall.at(T0, 2);
        List<CallEvent> events = call.answeredTimeline("MEDICAL", "150122");
        try (SpooledCallJournal journal = SpooledCallJournal.start(settings(), db.dataSource(), failing)) {
            for (CallEvent e : events) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> journal.append(e)).isInstanceOf(JournalNotDurableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(RETURNS_WITHIN);
            }
            await(() -> journal.faults().stream().anyMatch(f -> f instanceof JournalFault.WritesFailing w
                    && w.error().contains("Input/output error")), Duration.ofSeconds(10), "write failure reported");

            failuresLeft.set(0);
            await(() -> journal.stats().shippedTotal() == events.size(), Duration.ofSeconds(30), "everything shipped");
            await(() -> journal.faults().isEmpty(), Duration.ofSeconds(5), "fault cleared");
        }
        assertThat(eventCount(db, List.of(call.id))).isEqualTo(events.size());
    }

    @Test
    void writerThreadThatDiesIsRestartedAndWritesTheEventsItHeld() throws Exception {
        AtomicInteger kills = new AtomicInteger(1);
        SpoolWriter.WriteHook deadly = () -> {
            if (kills.getAndDecrement() > 0) {
                throw new StackOverflowError("simulated: the writer thread dies");
            }
        };
        TestCall call = TestCall.at(T0, 3);
        List<CallEvent> events = call.answeredTimeline("CRIME", "150132");
        try (SpooledCallJournal journal = SpooledCallJournal.start(settings(), db.dataSource(), deadly)) {
            for (CallEvent e : events) {
                try {
                    journal.append(e);
                } catch (JournalNotDurableException notYet) {
                    assertThat(notYet.stillQueued()).isTrue();
                }
            }
            await(() -> {
                journal.faults(); // a health check supervises too
                return journal.stats().shippedTotal() == events.size();
            }, Duration.ofSeconds(30), "everything shipped");
            assertThat(journal.writerRestarts()).isEqualTo(1);
            assertThat(journal.refusedEvents()).isZero();
        }
        assertThat(eventCount(db, List.of(call.id))).isEqualTo(events.size());
    }

    @Test
    void fullQueueRefusesLoudlyInsteadOfGrowingWithoutBoundAndNothingQueuedIsLost() throws Exception {
        StalledDisk disk = new StalledDisk();
        List<UUID> accepted = new ArrayList<>();
        try (SpooledCallJournal journal = SpooledCallJournal.start(settings().withMaxQueuedEvents(20), db.dataSource(), disk)) {
            int refused = 0;
            for (int i = 0; i < 30; i++) {
                CallEvent arrived = TestCall.at(T0, 100 + i).arrived();
                try {
                    journal.append(arrived);
                } catch (JournalNotDurableException e) {
                    if (e.stillQueued()) {
                        accepted.add(arrived.callId());
                    } else {
                        refused++;
                    }
                }
            }
            assertThat(accepted).hasSize(20);
            assertThat(refused).isEqualTo(10);
            assertThat(journal.refusedEvents()).isEqualTo(10);
            assertThat(journal.faults()).anyMatch(f -> f instanceof JournalFault.AppendsRefused r && r.total() == 10);

            disk.open.countDown();
            await(() -> journal.stats().shippedTotal() == 20, Duration.ofSeconds(30), "queued events shipped");
        }
        assertThat(eventCount(db, accepted)).isEqualTo(20);
    }
}
