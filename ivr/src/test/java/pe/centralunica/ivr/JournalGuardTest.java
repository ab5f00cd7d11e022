package pe.centralunica.ivr;

import org.junit.jupiter.api.Test;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.journal.CallJournal;
import pe.centralunica.db.journal.JournalNotDurableException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JournalGuardTest {

    private static final List<CallEvent> EVENTS = List.of(
            new CallEvent(UUID.randomUUID(), UUID.randomUUID(), 0, Instant.now(), CallEventType.ARRIVED, Map.of()));

    /** A journal whose appends all end the same way (declaring no bound of its own). */
    private static CallJournal journalThat(Runnable onAppend) {
        return journal(java.util.Optional.empty(), onAppend);
    }

    /** A journal whose appends do {@code onAppend}, declaring {@code bound} as the longest it keeps its caller. */
    private static CallJournal journal(java.util.Optional<Duration> bound, Runnable onAppend) {
        return new CallJournal() {
            @Override
            public void append(CallEvent event) {
                onAppend.run();
            }

            @Override
            public void appendAll(List<CallEvent> events) {
                onAppend.run();
            }

            @Override
            public java.util.Optional<Duration> appendBound() {
                return bound;
            }
        };
    }

    @Test
    void anAppendStillQueuedAfterTheJournalsBoundIsDelayedNotLost() {
        JournalGuard guard = new JournalGuard(journalThat(() -> {
            throw new JournalNotDurableException("disk slow", true);
        }), Duration.ofSeconds(2), 10);

        guard.appendAll(EVENTS);

        assertThat(guard.failures()).isZero();
        assertThat(guard.slowHandoffs()).isEqualTo(1);
    }

    @Test
    void anAppendTheJournalRefusedIsCountedAsLost() {
        JournalGuard guard = new JournalGuard(journalThat(() -> {
            throw new JournalNotDurableException("queue full", false);
        }), Duration.ofSeconds(2), 10);

        guard.appendAll(EVENTS);

        assertThat(guard.failures()).isEqualTo(1);
        assertThat(guard.slowHandoffs()).isZero();
    }

    @Test
    void aJournalThatNeverAnswersHoldsTheCallerOnlyForTheHandoffBound() {
        JournalGuard guard = new JournalGuard(journalThat(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), Duration.ofMillis(100), 10);

        long start = System.nanoTime();
        guard.appendAll(EVENTS);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(guard.slowHandoffs()).isEqualTo(1);
        assertThat(guard.behind()).isEqualTo(1);
    }

    /** A journal that says it never keeps its caller longer than {@code bound}, and whose appends do {@code onAppend}. */
    private static CallJournal boundedJournal(Duration bound, Runnable onAppend) {
        return journal(java.util.Optional.of(bound), onAppend);
    }

    @Test
    void aJournalBoundingItsOwnWaitWithinTheHandoffIsCalledOnTheCallersThread() {
        java.util.concurrent.atomic.AtomicReference<Thread> appender = new java.util.concurrent.atomic.AtomicReference<>();
        JournalGuard guard = new JournalGuard(boundedJournal(Duration.ofMillis(250), () -> appender.set(Thread.currentThread())),
                Duration.ofMillis(500), 10);

        guard.appendAll(EVENTS);

        assertThat(appender.get()).isSameAs(Thread.currentThread());
        assertThat(guard.failures()).isZero();
        assertThat(guard.slowHandoffs()).isZero();
    }

    @Test
    void aSelfBoundedJournalStillQueuedIsDelayedAndOneThatRefusedIsLost() {
        JournalGuard slow = new JournalGuard(boundedJournal(Duration.ofMillis(250), () -> {
            throw new JournalNotDurableException("disk slow", true);
        }), Duration.ofMillis(500), 10);
        JournalGuard refusing = new JournalGuard(boundedJournal(Duration.ofMillis(250), () -> {
            throw new JournalNotDurableException("queue full", false);
        }), Duration.ofMillis(500), 10);

        slow.appendAll(EVENTS);
        refusing.appendAll(EVENTS);

        assertThat(slow.slowHandoffs()).isEqualTo(1);
        assertThat(slow.failures()).isZero();
        assertThat(refusing.failures()).isEqualTo(1);
    }

    @Test
    void aJournalWhoseOwnBoundExceedsTheHandoffIsStillCutOffAtTheHandoff() {
        JournalGuard guard = new JournalGuard(boundedJournal(Duration.ofMinutes(5), () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), Duration.ofMillis(100), 10);

        long start = System.nanoTime();
        guard.appendAll(EVENTS);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(guard.slowHandoffs()).isEqualTo(1);
    }
}
