package pe.centralunica.app.wiring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What has been started so far, closed in reverse order: a unit that fails half-way closes what it had already
 * started, and a node closes its units last-started first. A failing close step is logged and the next one runs.
 */
public final class ShutdownOrder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownOrder.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Remembers {@code part} (already started) and returns it. */
    public <T extends AutoCloseable> T add(T part) {
        started.push(part);
        return part;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Shutdown step failed: {}", e.toString());
            }
        }
    }
}
