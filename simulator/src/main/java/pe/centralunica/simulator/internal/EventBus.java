package pe.centralunica.simulator.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Fans AMI events out to the connected AMI sessions; builds nothing while nobody listens. */
public final class EventBus {
    private final CopyOnWriteArrayList<Consumer<AmiEvent>> listeners = new CopyOnWriteArrayList<>();

    public Runnable subscribe(Consumer<AmiEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public boolean active() {
        return !listeners.isEmpty();
    }

    public void publish(Supplier<AmiEvent> event) {
        if (listeners.isEmpty()) return;
        AmiEvent e = event.get();
        for (var l : listeners) l.accept(e);
    }
}
