package pe.centralunica.ivr;

import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.journal.CallJournal;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps appended events in memory, in order, for assertions. */
final class RecordingJournal implements CallJournal {

    private final List<CallEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void append(CallEvent event) {
        events.add(event);
    }

    List<CallEvent> events() {
        return events;
    }

    List<CallEvent> of(UUID callId) {
        return events.stream().filter(e -> e.callId().equals(callId)).toList();
    }

    List<CallEventType> types() {
        return events.stream().map(CallEvent::type).toList();
    }

    CallEvent first(CallEventType type) {
        return events.stream().filter(e -> e.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " event in " + types()));
    }
}
