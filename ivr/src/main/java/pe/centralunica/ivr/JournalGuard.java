package pe.centralunica.ivr;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallJournal;
import pe.centralunica.db.journal.JournalNotDurableException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends to the call journal without ever failing or holding up a call. A caller waits at most {@code handoff}
 * (or the journal's own shorter bound, when it declares one) for their events to become durable: a journal that
 * is slower (a stalled disk, a writer that died) is left to finish in the background while the call goes on and
 * an operator is alarmed — a human matters more than a record. If even the local spool refuses the events, the caller is still routed and the loss is logged once
 * per thousand failures rather than once per event.
 */
final class JournalGuard {

    private static final Logger LOG = LoggerFactory.getLogger(JournalGuard.class);

    private final CallJournal journal;
    private final Duration handoff;
    private final Optional<Duration> ownBound;
    private final int maxBehind;
    private final Executor background = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong slowHandoffs = new AtomicLong();
    private final AtomicInteger behind = new AtomicInteger();

    JournalGuard(CallJournal journal) {
        this(journal, Duration.ofMillis(500), 10_000);
    }

    /**
     * @param handoff   most a call waits for one flush
     * @param maxBehind flushes still waiting in the background beyond which new ones are refused (counted as
     *                  failures) instead of piling up threads behind a journal that never returns
     */
    JournalGuard(CallJournal journal, Duration handoff, int maxBehind) {
        this.journal = journal;
        this.maxBehind = maxBehind;
        // A journal that bounds its own wait within the handoff (the spool: 250 ms) is called on the session's own
        // thread; a thread and a future per flush, only to bound it again, cost a share of the CPU per call.
        this.ownBound = journal.appendBound().filter(b -> b.compareTo(handoff) <= 0);
        this.handoff = ownBound.orElse(handoff);
    }

    void appendAll(List<CallEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (ownBound.isPresent()) {
            appendHere(events);
            return;
        }
        if (behind.incrementAndGet() > maxBehind) {
            behind.decrementAndGet();
            lost(events.size(), "more than " + maxBehind + " flushes are already waiting for the journal");
            return;
        }
        CompletableFuture<Void> append = CompletableFuture.runAsync(() -> {
            try {
                journal.appendAll(events);
            } catch (JournalNotDurableException e) {
                if (!e.stillQueued()) {
                    throw e;
                }
                // Not on disk within the journal's own bound, but still queued: written once the disk answers.
                delayed();
            } finally {
                behind.decrementAndGet();
            }
        }, background);
        try {
            append.get(handoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            delayed();
            append.whenComplete((ok, error) -> {
                if (error != null) {
                    lost(events.size(), rootMessage(error));
                }
            });
        } catch (ExecutionException e) {
            lost(events.size(), rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void appendHere(List<CallEvent> events) {
        try {
            journal.appendAll(events);
        } catch (JournalNotDurableException e) {
            if (e.stillQueued()) {
                delayed();
            } else {
                lost(events.size(), rootMessage(e));
            }
        } catch (RuntimeException e) {
            lost(events.size(), rootMessage(e));
        }
    }

    private void delayed() {
        long n = slowHandoffs.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            LOG.error("CALL JOURNAL TOO SLOW: a flush was not durable within {} ms ({} so far); calls go on, their records "
                    + "are written when the journal catches up — check the spool disk and the journal's health", handoff.toMillis(), n);
        }
    }

    private void lost(int events, String why) {
        long n = failures.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            LOG.error("CALL RECORDS ARE BEING LOST: the journal refused {} event(s) ({} refusals so far): {}", events, n, why);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    long failures() {
        return failures.get();
    }

    /** Flushes that outlasted the handoff bound (the call went on without waiting). */
    long slowHandoffs() {
        return slowHandoffs.get();
    }

    /** Flushes still waiting for the journal now. */
    int behind() {
        return behind.get();
    }
}
