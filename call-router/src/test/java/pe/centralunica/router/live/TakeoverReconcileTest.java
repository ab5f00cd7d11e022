package pe.centralunica.router.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.CoreShowChannelsCompleteEvent;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.journal.CallIds;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.rules.Target;

/**
 * A node that takes over an Asterisk from a holder that died: what the holder never shipped is filled in from the
 * queue log, and what it did ship (read back from PostgreSQL) is not written a second time.
 */
class TakeoverReconcileTest {
    private static final long T0 = 1_796_000_000L;
    /** Joined and rung under the old holder, both on record. */
    private static final String SHIPPED = T0 + ".1";
    /** Joined under the old holder, which died before shipping it. */
    private static final String UNSHIPPED = T0 + ".5";
    /** Queued and abandoned under the old holder, all on record. */
    private static final String ENDED = T0 + ".9";
    private static final String AGENT = "PJSIP/disp-150122-01";
    private static final TargetDirectory TARGETS = TargetDirectory.of(List.of(
            new Target("Q-METRO", Target.Kind.QUEUE, "cic-sc", Optional.empty(), 30, true)));

    private final MemoryJournal journal = new MemoryJournal();
    private final List<QueueLogEntry> recentPast = new ArrayList<>();
    private final CallBook book = new CallBook(new Timeline(journal), new Dispatchers(new AvailabilityBoard(), TARGETS),
            Clock.fixed(Instant.ofEpochSecond(T0 + 30), ZoneOffset.UTC), u -> { }, new AsteriskLogs(this::readLog, CdrLog.NONE));

    private List<QueueLogEntry> readLog() {
        List<QueueLogEntry> out = List.copyOf(recentPast);
        recentPast.clear();
        return out;
    }

    private static final StepsOnRecord OLD_HOLDER_SHIPPED = ids -> Map.of(
            CallIds.forUniqueid(SHIPPED), List.of(new StepsOnRecord.Step(CallEventType.QUEUE_JOINED, T0 + 3.25, "cic-sc"),
                    new StepsOnRecord.Step(CallEventType.AGENT_RUNG, T0 + 3.3, AGENT)),
            CallIds.forUniqueid(ENDED), List.of(new StepsOnRecord.Step(CallEventType.QUEUE_JOINED, T0 + 1.2, "cic-sc"),
                    new StepsOnRecord.Step(CallEventType.ABANDONED, T0 + 2.4, ""),
                    new StepsOnRecord.Step(CallEventType.HUNG_UP, T0 + 2.4, "")));

    /** What Asterisk's queue log held for the last minute when the new holder opened it. */
    private void asteriskLoggedTheLastMinute() {
        for (String line : List.of(
                T0 + 1 + "|" + ENDED + "|cic-sc|NONE|ENTERQUEUE||987000999|1",
                T0 + 2 + "|" + ENDED + "|cic-sc|NONE|ABANDON|1|1|1",
                T0 + 3 + "|" + SHIPPED + "|cic-sc|NONE|ENTERQUEUE||987000111|1",
                T0 + 4 + "|" + UNSHIPPED + "|cic-sc|NONE|ENTERQUEUE||987000555|2",
                // The first ring of SHIPPED (begun at +3.3 on the stream) ended unanswered: the log's begin is +3.0.
                T0 + 18 + "|" + SHIPPED + "|cic-sc|" + AGENT + "|RINGNOANSWER|15000")) {
            recentPast.add(QueueLogEntry.parse(line).orElseThrow());
        }
    }

    private CoreShowChannelEvent queued(String uniqueid, String channel) {
        CoreShowChannelEvent e = new CoreShowChannelEvent(this);
        e.setUniqueid(uniqueid);
        e.setLinkedid(uniqueid);
        e.setChannel(channel);
        e.setContext("cu-route");
        e.setApplication("Queue");
        e.setBridgeid("");
        e.setDuration("00:00:27");
        return e;
    }

    /** The new holder's first session: its resync lists both callers waiting, then their CU_CALL_IDs come back. */
    private void firstResyncAfterTakingOver(StepsOnRecord onRecord) {
        asteriskLoggedTheLastMinute();
        book.takeOver(T0 - 13, onRecord);
        book.beginResync();
        book.apply(queued(SHIPPED, "PJSIP/carrier-0001"));
        book.apply(queued(UNSHIPPED, "PJSIP/carrier-0005"));
        book.apply(new CoreShowChannelsCompleteEvent(this));
        for (String caller : List.of(SHIPPED, UNSHIPPED)) {
            book.variablesFetched(caller, Map.of("CU_CALL_ID", CallIds.forUniqueid(caller).toString()));
        }
    }

    @Test
    void aJoinTheDeadHolderNeverShippedIsWrittenFromTheQueueLog() {
        firstResyncAfterTakingOver(OLD_HOLDER_SHIPPED);

        List<CallEvent> joined = journal.of(CallIds.forUniqueid(UNSHIPPED));
        assertThat(joined).extracting(CallEvent::type).containsExactly(CallEventType.QUEUE_JOINED);
        assertThat(joined.getFirst().at()).isEqualTo(Instant.ofEpochSecond(T0 + 4));
        assertThat(joined.getFirst().data()).containsEntry("queue", "cic-sc").containsEntry("source", "queue_log");
        assertThat(book.active()).hasSize(2).allSatisfy(c -> assertThat(c.state()).isEqualTo(LiveCall.State.QUEUED));
    }

    @Test
    void whatTheDeadHolderShippedIsNotWrittenAgainAndACallItEndedStaysEnded() {
        firstResyncAfterTakingOver(OLD_HOLDER_SHIPPED);

        assertThat(journal.of(CallIds.forUniqueid(SHIPPED))).as("joined and rung are on record (the log's ring begins"
                + " 0.3 s earlier: the same ring)").isEmpty();
        assertThat(journal.of(CallIds.forUniqueid(ENDED))).as("abandoned and ended on record").isEmpty();
        assertThat(journal.duplicates()).isZero();
    }

    @Test
    void withoutTheRecordATakeoverStillWritesEveryJoinItCannotProveWasShipped() {
        firstResyncAfterTakingOver(ids -> {
            throw new SQLException("connection refused");
        });

        assertThat(journal.types(CallIds.forUniqueid(UNSHIPPED))).containsExactly(CallEventType.QUEUE_JOINED);
        assertThat(journal.types(CallIds.forUniqueid(SHIPPED))).contains(CallEventType.QUEUE_JOINED);
    }

    @Test
    void aNodeStartingAloneDoesNotReplayTheLogsPast() {
        asteriskLoggedTheLastMinute();
        book.beginResync(); // no takeover: the log's past is not this node's to check
        book.apply(queued(UNSHIPPED, "PJSIP/carrier-0005"));
        book.apply(new CoreShowChannelsCompleteEvent(this));
        book.variablesFetched(UNSHIPPED, Map.of("CU_CALL_ID", CallIds.forUniqueid(UNSHIPPED).toString()));

        assertThat(journal.types(CallIds.forUniqueid(UNSHIPPED))).doesNotContain(CallEventType.QUEUE_JOINED);
    }
}
