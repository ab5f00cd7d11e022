package pe.centralunica.console.recording;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/** The node's recording loop: link new files to their calls, delete expired ones; every CU_RECORDING_SCAN_S. */
public final class RecordingKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingKeeper.class);

    private final Thread thread;
    private volatile boolean running = true;

    private RecordingKeeper(Recordings recordings, RecordingSettings settings) {
        this.thread = Thread.ofVirtual().name("recording-keeper").unstarted(() -> {
            while (running) {
                try {
                    recordings.link();
                    recordings.purge();
                    TimeUnit.MILLISECONDS.sleep(settings.scan().toMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("Recording links paused, will retry: {}", e.getMessage());
                    try {
                        TimeUnit.MILLISECONDS.sleep(settings.scan().toMillis());
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        });
    }

    /** Runs only when CU_RECORDING_DIR is set; otherwise returns a keeper that does nothing. */
    public static RecordingKeeper start(Recordings recordings, RecordingSettings settings) {
        RecordingKeeper k = new RecordingKeeper(recordings, settings);
        if (settings.directory().isPresent()) {
            k.thread.start();
            LOG.info("Linking call recordings from {} (kept {} days)", settings.directory().get(), settings.retention().toDays());
        }
        return k;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        if (thread.isAlive()) {
            thread.join(10_000);
        }
    }
}
