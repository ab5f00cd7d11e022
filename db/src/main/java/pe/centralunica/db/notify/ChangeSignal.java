package pe.centralunica.db.notify;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A wake-up for one PostgreSQL notification channel: a generation number that moves on each notification, and
 * whenever the listening connection is lost or (re)made (a notification may have been missed then). A worker reads
 * {@link #generation()} before it looks at the database and then {@link #awaitAfter waits for it to move}, so a
 * notification that arrives while it works is never lost. {@link #listening()} tells it how long it may wait:
 * while nobody listens it must poll as often as it did without notifications.
 */
public final class ChangeSignal {

    private final String channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private long generation;
    private volatile boolean listening;

    ChangeSignal(String channel) {
        this.channel = channel;
    }

    /** A signal nobody fires and that never listens: its worker polls (tests, tools without a listener). */
    public static ChangeSignal unheard(String channel) {
        return new ChangeSignal(channel);
    }

    public String channel() {
        return channel;
    }

    /** True while the node's listening connection is up and has issued LISTEN on this channel. */
    public boolean listening() {
        return listening;
    }

    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the generation is past {@code seen} or {@code timeout} passes; returns the generation then. */
    public long awaitAfter(long seen, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (generation == seen && nanos > 0) {
                nanos = moved.awaitNanos(nanos);
            }
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Something changed (or may have): wakes every waiter. */
    public void fire() {
        lock.lock();
        try {
            generation++;
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void listening(boolean now) {
        listening = now;
        fire();
    }

    /** How long a worker may wait for the next change: {@code heard} while listening, else {@code unheard} (its poll). */
    public Duration patience(Duration heard, Duration unheard) {
        return listening ? heard : unheard;
    }

    @Override
    public String toString() {
        return "ChangeSignal[" + channel + (listening ? ", listening" : ", polling") + "]";
    }
}
