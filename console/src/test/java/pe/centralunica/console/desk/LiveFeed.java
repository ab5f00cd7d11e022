package pe.centralunica.console.desk;

import io.vertx.core.json.JsonObject;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's live WebSocket as a test reads it: whole JSON messages, waited for one by one. */
final class LiveFeed implements WebSocket.Listener {

    final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final Duration patience;

    /** @param patience how long {@link #next} waits for a matching message before failing */
    LiveFeed(Duration patience) {
        this.patience = patience;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(new JsonObject(partial.toString()));
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    /** True when no message matching {@code unwanted} arrives within {@code window} (others are skipped). */
    boolean none(Predicate<JsonObject> unwanted, Duration window) throws InterruptedException {
        long end = System.nanoTime() + window.toNanos();
        for (long left = window.toNanos(); left > 0; left = end - System.nanoTime()) {
            JsonObject m = messages.poll(left, TimeUnit.NANOSECONDS);
            if (m != null && unwanted.test(m)) {
                return false;
            }
        }
        return true;
    }

    /** The next message matching {@code wanted}, skipping others; fails after the patience without one. */
    JsonObject next(Predicate<JsonObject> wanted) throws InterruptedException {
        while (true) {
            JsonObject m = messages.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(m).as("a matching message within %s", patience).isNotNull();
            if (wanted.test(m)) {
                return m;
            }
        }
    }
}
