package pe.centralunica.db.journal;

/**
 * An append that could not be made durable within its bound. {@link #stillQueued()} tells whether the event
 * is still waiting in memory to be written (it will be, once the disk answers again) or was refused outright
 * (queue full, journal closed or writer dead: that record is lost and counted).
 */
public final class JournalNotDurableException extends IllegalStateException {

    private final boolean stillQueued;

    public JournalNotDurableException(String message, boolean stillQueued) {
        super(message);
        this.stillQueued = stillQueued;
    }

    public boolean stillQueued() {
        return stillQueued;
    }
}
