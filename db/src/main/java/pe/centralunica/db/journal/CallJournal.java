package pe.centralunica.db.journal;

/**
 * Where the call path writes its timeline. {@link #append} returns once the event is durable on this node
 * (local spool, group commit), never waiting on PostgreSQL; events reach PostgreSQL in batches, and after a
 * database outage every spooled event arrives — none lost, none duplicated.
 *
 * <h2>What writers must provide</h2>
 * The call row is derived from the events alone (see each {@link CallEventType}'s data keys), whatever
 * order they reach PostgreSQL in, so:
 * <ul>
 *   <li>{@code eventId}: new for every event (a retried append of the same event reuses its id — that is
 *       what makes replays harmless).</li>
 *   <li>{@code seq}: unique within the call, in timeline order; ARRIVED is 0. A node that continues a call
 *       another node started (route-next after a failover) must continue the numbering, e.g. from a
 *       channel variable, not restart it. If two events of a call still share a seq, the later one is
 *       kept at the end of the timeline with {@code originalSeq} in its data, and a warning is logged.</li>
 *   <li>ARRIVED carries {@code uniqueid} (Asterisk's {@code 1700000000.123} form), {@code linkedid},
 *       {@code channel}, {@code caller}, {@code dialled}, {@code test}.</li>
 *   <li>Every event written by a node that did not write the call's ARRIVED should carry {@code uniqueid}
 *       too: such an event may reach PostgreSQL first, and the call row it creates (completed when ARRIVED
 *       arrives) needs it. Without one the placeholder row says {@code 0.0} until ARRIVED is shipped.</li>
 *   <li>TRIAGED: {@code type} (emergency_type code), {@code district} (UBIGEO), {@code districtSource},
 *       {@code callerClass}, {@code language}, optional {@code panicDevice}; it opens an incident for the
 *       call unless one is linked. ROUTE_DECIDED: {@code ruleId}. ANSWERED: {@code by}. HUNG_UP:
 *       {@code cause}. INCIDENT_LINKED: {@code incidentId}.</li>
 * </ul>
 * A value the schema cannot hold (unknown district or type, say) never blocks shipping: the event is
 * stored as written, the call row leaves that column empty, and the value is logged once.
 */
public interface CallJournal {

    /**
     * Makes the event durable locally, waiting a bounded time for it (never on PostgreSQL, never for ever).
     *
     * @throws JournalNotDurableException when the spool did not make it durable within the bound: either it
     *         stays queued and is written once the disk answers ({@code stillQueued()}), or it was refused
     */
    void append(CallEvent event);

    /**
     * Makes several events durable with one wait (one group commit instead of one per event): how a call
     * session flushes the steps it buffered. Events become durable in list order.
     */
    default void appendAll(java.util.List<CallEvent> events) {
        for (CallEvent e : events) {
            append(e);
        }
    }

    /**
     * Queues the events and returns at once; the future completes when they are durable locally. For writers
     * that must not wait per event (the AMI tracker): everything queued between two fsyncs shares one group
     * commit. A refused event fails the call (not the future) with {@link JournalNotDurableException}.
     */
    default java.util.concurrent.CompletableFuture<Void> submit(java.util.List<CallEvent> events) {
        appendAll(events);
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /**
     * The longest {@link #appendAll} keeps its caller, when this journal bounds that itself (and refuses rather
     * than blocks when it cannot queue); empty when it does not say — a caller that must never wait long then
     * needs a bound of its own (a thread to wait on).
     */
    default java.util.Optional<java.time.Duration> appendBound() {
        return java.util.Optional.empty();
    }
}
