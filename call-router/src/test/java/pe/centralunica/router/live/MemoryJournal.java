package pe.centralunica.router.live;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.journal.CallJournal;

/** A call journal in memory, keeping the first copy of each event id as PostgreSQL does. */
final class MemoryJournal implements CallJournal {
    private final List<CallEvent> events = new ArrayList<>();
    private int duplicates;

    @Override
    public synchronized void append(CallEvent event) {
        if (events.stream().anyMatch(e -> e.eventId().equals(event.eventId()))) {
            duplicates++;
            return;
        }
        events.add(event);
    }

    synchronized List<CallEvent> of(UUID callId) {
        return events.stream().filter(e -> e.callId().equals(callId)).sorted(Comparator.comparingInt(CallEvent::seq)).toList();
    }

    synchronized List<CallEventType> types(UUID callId) {
        return of(callId).stream().map(CallEvent::type).toList();
    }

    synchronized List<CallEvent> all() {
        return List.copyOf(events);
    }

    synchronized int duplicates() {
        return duplicates;
    }
}
