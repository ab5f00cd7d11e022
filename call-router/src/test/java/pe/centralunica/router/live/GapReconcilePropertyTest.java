package pe.centralunica.router.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.CoreShowChannelsCompleteEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.QueueCallerAbandonEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.journal.CallIds;
import pe.centralunica.db.testing.SeededRuns;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.rules.Target;

/**
 * Whatever falls into an AMI gap, the records come out as Asterisk had them. Random calls (arrive, queue, ring,
 * answered or abandoned, hang up; milliseconds apart), a random gap in the stream, and what Asterisk writes
 * meanwhile — queue-log lines in whole seconds, CDR ends in microseconds — as it would. After the resync and the
 * rest of the stream, every call has exactly one QUEUE_JOINED, one AGENT_RUNG, one ANSWERED or ABANDONED as it
 * happened (the answering member by interface), and one HUNG_UP at Asterisk's hang-up time: nothing lost, nothing
 * written twice, whether the stream, the log, or both reported a step. 3,000 inputs from a fixed master seed
 * ({@link SeededRuns}: {@code -Dfuzz.tries}, {@code -Dfuzz.seed}, and {@code -Dfuzz.replay} for the seed a failure names).
 */
class GapReconcilePropertyTest {
    private static final long T0 = 1_796_000_000L;
    private static final String QUEUE = "cic-sc";
    private static final TargetDirectory TARGETS = TargetDirectory.of(List.of(
            new Target("Q-METRO", Target.Kind.QUEUE, QUEUE, Optional.empty(), 30, true)));
    private static final List<String> MEMBERS = List.of("PJSIP/disp-01", "PJSIP/disp-02", "PJSIP/disp-03");

    /** One call as Asterisk lived it (seconds after T0). */
    private record Call(String uid, double arrived, double joined, double rung, String member, boolean answered,
                        double decided, double ended) {
        UUID callId() {
            return CallIds.forUniqueid(uid);
        }
    }

    private record Timed(double at, ManagerEvent event) {
    }

    /** The node's clock, moved by the test: the first login at T0, the resync at the gap's end. */
    private static final class SetClock extends Clock {
        Instant now;

        SetClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void everyCallKeepsItsTrueStepsAcrossAGap() {
        SeededRuns.fromSystemProperties(3_000).run("gap reconcile property", this::callsAcrossARandomGap);
    }

    private void callsAcrossARandomGap(long seed) {
        Random r = new Random(seed);
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(6); i++) {
            double a = r.nextInt(20_000) / 1000.0;
            double j = a + 1 + r.nextInt(3000) / 1000.0;
            double rung = j + 0.05;
            double d = rung + 0.5 + r.nextInt(8000) / 1000.0;
            boolean answered = r.nextInt(3) != 0;
            double e = answered ? d + 0.5 + r.nextInt(8000) / 1000.0 : d;
            calls.add(new Call(T0 + "." + (i + 1), a, j, rung, MEMBERS.get(r.nextInt(MEMBERS.size())), answered, d, e));
        }
        double g0 = r.nextInt(30_000) / 1000.0;
        double g1 = g0 + 0.5 + r.nextInt(20_000) / 1000.0;

        MemoryJournal journal = new MemoryJournal();
        List<QueueLogEntry> queueLog = new ArrayList<>();
        List<Written> written = new ArrayList<>();
        List<CallEndRecord> cdrs = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        SetClock clock = new SetClock(Instant.ofEpochSecond(T0));
        CallBook book = new CallBook(new Timeline(journal), new Dispatchers(new AvailabilityBoard(), TARGETS), clock,
                asked::add, new AsteriskLogs(queueLogOf(queueLog), cdrLogOf(cdrs)));

        book.beginResync(); // the first session: members listed
        for (String m : MEMBERS) {
            QueueMemberEvent q = new QueueMemberEvent(this);
            q.setQueue(QUEUE);
            q.setLocation(m);
            q.setName("name-" + m.substring(m.length() - 2));
            q.setStatus(1);
            q.setPaused(false);
            book.apply(q);
        }
        book.apply(new CoreShowChannelsCompleteEvent(this));

        List<Timed> stream = new ArrayList<>();
        calls.forEach(c -> stream.addAll(events(c)));
        stream.sort(Comparator.comparingDouble(Timed::at));
        stream.stream().filter(t -> t.at() < g0).forEach(t -> book.apply(t.event()));

        // What Asterisk wrote down by the time the link is back: queue log (whole seconds), CDRs of ended calls.
        for (Call c : calls) {
            long ring = Math.round(c.decided() - c.rung());
            addLog(written, c.joined(), c, "NONE", "ENTERQUEUE", "", "98700" + c.uid().substring(c.uid().length() - 1), "1");
            if (c.answered()) {
                addLog(written, c.decided(), c, name(c.member()), "CONNECT", "1", c.uid() + "9", Long.toString(ring));
                addLog(written, c.ended(), c, name(c.member()), "COMPLETECALLER", "1", "5", "1");
            } else {
                // The caller hangs up while the member rings: Asterisk logs the cancelled ring, then the abandon.
                addLog(written, c.decided(), c, name(c.member()), "RINGCANCELED", Long.toString(Math.round((c.decided() - c.rung()) * 1000)));
                addLog(written, c.decided(), c, "NONE", "ABANDON", "1", "1", "3");
            }
            if (c.ended() <= g1) {
                cdrs.add(new CallEndRecord(c.uid(), c.uid(), T0 + c.ended(), "ANSWERED"));
            }
        }
        // Lines written after the resync (by Asterisk's real time, not the line's whole second) come later.
        List<QueueLogEntry> later = new ArrayList<>();
        for (var w : written) {
            (w.at() <= g1 ? queueLog : later).add(w.entry());
        }

        clock.now = Instant.ofEpochMilli(Math.round((T0 + g1) * 1000));
        book.beginResync();
        for (Call c : calls) {
            if (c.arrived() < g1 && c.ended() > g1) {
                CoreShowChannelEvent e = new CoreShowChannelEvent(this);
                e.setUniqueid(c.uid());
                e.setLinkedid(c.uid());
                e.setChannel(channel(c));
                e.setContext("cu-route");
                e.setApplication("Queue");
                e.setBridgeid(c.answered() && c.decided() < g1 ? "b-" + c.uid() : "");
                e.setDuration("00:00:05");
                book.apply(e);
            }
        }
        book.apply(new CoreShowChannelsCompleteEvent(this));
        for (String uid : asked) { // the GetVar answers
            book.variablesFetched(uid, Map.of("CU_CALL_ID", CallIds.forUniqueid(uid).toString()));
        }
        queueLog.addAll(later); // written as it happens after the resync (a call's lines precede its Hangup)
        stream.stream().filter(t -> t.at() > g1).forEach(t -> book.apply(t.event()));

        for (Call c : calls) {
            List<CallEvent> steps = journal.of(c.callId());
            String what = c + " gap [" + g0 + ", " + g1 + "]: " + steps.stream().map(e -> e.type() + "@" + e.at() + e.data()).toList();
            assertThat(count(steps, CallEventType.QUEUE_JOINED)).as(what).isEqualTo(1);
            assertThat(count(steps, CallEventType.AGENT_RUNG)).as(what).isEqualTo(1);
            assertThat(count(steps, CallEventType.ANSWERED)).as(what).isEqualTo(c.answered() ? 1 : 0);
            assertThat(count(steps, CallEventType.ABANDONED)).as(what).isEqualTo(c.answered() ? 0 : 1);
            assertThat(count(steps, CallEventType.HUNG_UP)).as(what).isEqualTo(1);
            steps.stream().filter(e -> e.type() == CallEventType.ANSWERED)
                    .forEach(e -> assertThat(e.data()).as(what).containsEntry("by", c.member()));
            CallEvent hungUp = steps.stream().filter(e -> e.type() == CallEventType.HUNG_UP).findFirst().orElseThrow();
            assertThat(hungUp.at()).as("ended at Asterisk's hang-up: " + what)
                    .isEqualTo(Instant.ofEpochMilli(Math.round((T0 + c.ended()) * 1000)));
        }
        assertThat(book.active()).isEmpty();
    }

    private static QueueLog queueLogOf(List<QueueLogEntry> written) {
        return () -> {
            List<QueueLogEntry> out = List.copyOf(written);
            written.clear();
            return out;
        };
    }

    private static CdrLog cdrLogOf(List<CallEndRecord> written) {
        return () -> {
            List<CallEndRecord> out = List.copyOf(written);
            written.clear();
            return out;
        };
    }

    private static long count(List<CallEvent> steps, CallEventType type) {
        return steps.stream().filter(e -> e.type() == type).count();
    }

    private static String name(String member) {
        return "name-" + member.substring(member.length() - 2);
    }

    private static String channel(Call c) {
        return "PJSIP/carrier-" + c.uid().replace(".", "");
    }

    /** A queue-log line and when Asterisk wrote it (the line itself has only the whole second). */
    private record Written(double at, QueueLogEntry entry) {
    }

    private static void addLog(List<Written> log, double at, Call c, String agent, String event, String... data) {
        log.add(new Written(at, new QueueLogEntry(Math.floor(T0 + at), c.uid(), QUEUE, agent, event, List.of(data))));
    }

    private List<Timed> events(Call c) {
        List<Timed> out = new ArrayList<>();
        NewChannelEvent n = new NewChannelEvent(this);
        n.setUniqueId(c.uid());
        n.setLinkedid(c.uid());
        n.setChannel(channel(c));
        n.setContext("cu-inbound");
        n.setExten("911");
        out.add(timed(c.arrived(), n));
        VarSetEvent v = new VarSetEvent(this);
        v.setUniqueId(c.uid());
        v.setLinkedId(c.uid());
        v.setChannel(channel(c));
        v.setVariable("CU_CALL_ID");
        v.setValue(c.callId().toString());
        out.add(timed(c.arrived() + 0.3, v));
        QueueCallerJoinEvent j = new QueueCallerJoinEvent(this);
        j.setUniqueId(c.uid());
        j.setLinkedId(c.uid());
        j.setChannel(channel(c));
        j.setQueue(QUEUE);
        j.setPosition(1);
        out.add(timed(c.joined(), j));
        AgentCalledEvent rung = new AgentCalledEvent(this);
        rung.setUniqueId(c.uid());
        rung.setQueue(QUEUE);
        rung.setInterface(c.member());
        out.add(timed(c.rung(), rung));
        if (c.answered()) {
            AgentConnectEvent a = new AgentConnectEvent(this);
            a.setUniqueId(c.uid());
            a.setQueue(QUEUE);
            a.setInterface(c.member());
            a.setMemberName(name(c.member()));
            a.setHoldTime(1L);
            a.setRingtime(Math.round(c.decided() - c.rung()));
            out.add(timed(c.decided(), a));
        } else {
            QueueCallerAbandonEvent q = new QueueCallerAbandonEvent(this);
            q.setUniqueId(c.uid());
            q.setQueue(QUEUE);
            q.setHoldTime(3);
            q.setPosition(1);
            out.add(timed(c.decided(), q));
        }
        HangupEvent h = new HangupEvent(this);
        h.setUniqueId(c.uid());
        h.setCause(16);
        h.setCauseTxt("Normal Clearing");
        out.add(timed(c.ended() + (c.answered() ? 0 : 0.0001), h)); // an abandon's Hangup follows it
        return out;
    }

    private static Timed timed(double at, ManagerEvent e) {
        e.setTimestamp(T0 + at);
        return new Timed(at, e);
    }
}
