package pe.centralunica.db.journal;

/**
 * Where the call path writes its timeline. {@link #append} returns once the event is durable on this node
 * (local spool, group commit), never waiting on PostgreSQL; events reach PostgreSQL in batches, and after a
 * database outage every spooled event arrives — none lost, none duplicated.
 */
public interface CallJournal {

    /** Makes the event durable locally; throws only if the local spool itself cannot be written. */
    void append(CallEvent event);
}
