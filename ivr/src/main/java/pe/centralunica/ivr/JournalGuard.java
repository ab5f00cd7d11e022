package pe.centralunica.ivr;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallJournal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends to the call journal without ever failing a call: if even the local spool cannot be written, the
 * caller is still routed (a human matters more than a record) and an operator hears about it, once per
 * thousand failures rather than once per event.
 */
final class JournalGuard {

    private static final Logger LOG = LoggerFactory.getLogger(JournalGuard.class);

    private final CallJournal journal;
    private final AtomicLong failures = new AtomicLong();

    JournalGuard(CallJournal journal) {
        this.journal = journal;
    }

    void appendAll(List<CallEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            journal.appendAll(events);
        } catch (RuntimeException e) {
            long n = failures.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.error("CALL RECORDS ARE BEING LOST: the journal spool refused an event ({} so far): {}", n, e.getMessage());
            }
        }
    }

    long failures() {
        return failures.get();
    }
}
