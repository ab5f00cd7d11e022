package pe.centralunica.ivr;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Holds the current {@link Directory} and re-reads it in the background. A failed refresh keeps the last good
 * snapshot: calls keep flowing on slightly old data while the database is away.
 */
final class DirectoryCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryCache.class);

    private final Supplier<Directory> loader;
    private final AtomicReference<Directory> current;
    private final Thread refresher;
    private volatile boolean failing;

    /** Loads once (failing loudly: a node must not start without knowing its numbers), then refreshes. */
    DirectoryCache(Supplier<Directory> loader, Duration interval) {
        this.loader = loader;
        this.current = new AtomicReference<>(loader.get());
        this.refresher = Thread.ofVirtual().name("ivr-directory-refresh").start(() -> refreshLoop(interval));
    }

    Directory current() {
        return current.get();
    }

    void refreshNow() {
        try {
            current.set(loader.get());
            if (failing) {
                LOG.info("IVR directory refreshed again after failures");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("IVR directory refresh failed, keeping the last good copy: {}", e.getMessage());
                failing = true;
            }
        }
    }

    private void refreshLoop(Duration interval) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            refreshNow();
        }
    }

    @Override
    public void close() {
        refresher.interrupt();
    }
}
