package pe.centralunica.router.live;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Read side of the AMI call tracker, for the dispatcher console: what is happening now. Never blocks
 * (answers from memory).
 */
public interface LiveCalls {

    /** Calls not ended, oldest first. */
    List<LiveCall> active();

    /** The call connected to a dispatcher's phone now (screen pop). */
    Optional<LiveCall> connectedTo(String memberInterface);

    List<DispatcherState> dispatchers();

    /** Notified (on the tracker's own thread; do not block) after each change of a call. */
    void onChange(Consumer<LiveCall> listener);

    /**
     * Notified (on the tracker's own thread; do not block) after a dispatcher's state changed with no call changing:
     * logged in or out, paused or back, busy.
     */
    void onDispatchersChange(Runnable listener);

    /** Whether the AMI link is up (for /health). */
    boolean connected();
}
