package pe.centralunica.router.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.AgiExecStartEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.QueueCallerAbandonEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.QueueCallerLeaveEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.testing.SeededRuns;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.rules.Target;

/**
 * Fuzz of the AMI event path (run on demand, not in the build; README "Fuzz"): each input is a seed from
 * which a random AMI stream of up to four interleaved calls is built — every call's events in causal order,
 * but any interleaving, duplicated events (a resync or a second session replays), garbage values (non-UUID
 * call ids, missing channels, odd uniqueids) and random timestamps. Fed to the tracker's state machine with
 * a journal that keeps the first copy of each event id, as PostgreSQL does. Invariants: nothing throws; no
 * event id is written twice with different content; within a call no two different events share a position;
 * every call whose caller hung up after a valid CU_CALL_ID has exactly one HUNG_UP and nothing is lost:
 * each journal step's call is one of the calls in the stream.
 * One run is 1,000,000 inputs from a fixed master seed ({@link SeededRuns}: {@code -Dfuzz.tries}, {@code -Dfuzz.seed},
 * and {@code -Dfuzz.replay} for the seed a failure names).
 */
class AmiEventFuzz {

    private static final double T0 = 1_796_000_000.0;
    private static final TargetDirectory TARGETS = TargetDirectory.of(List.of(
            new Target("Q-METRO", Target.Kind.QUEUE, "cic-sc", Optional.empty(), 30, true)));
    private long inputs;
    private long events;

    private record Call(String uniqueid, String channel, UUID callId, boolean validCallId, boolean hangsUp) {
    }

    @Test
    void anyAmiStreamLeavesOneConsistentRecordPerCall() {
        try {
            SeededRuns.fromSystemProperties(1_000_000).run("AMI fuzz", this::applyAndCheck);
        } finally {
            System.out.printf("AMI fuzz: %,d inputs, %,d AMI events applied%n", inputs, events);
        }
    }

    private void applyAndCheck(long seed) {
        Random r = new Random(seed);
        MemoryJournal journal = new MemoryJournal();
        CallBook book = new CallBook(new Timeline(journal), new Dispatchers(new AvailabilityBoard(), TARGETS),
                Clock.fixed(Instant.ofEpochSecond((long) T0 + 600), ZoneOffset.UTC), v -> { });
        int n = 1 + r.nextInt(4);
        List<Call> calls = new ArrayList<>();
        List<List<ManagerEvent>> streams = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String uid = r.nextInt(50) == 0 ? "garbage-" + i : String.format("%d.%d", (long) T0 + r.nextInt(3), i + 1);
            boolean valid = r.nextInt(6) != 0;
            boolean hangs = r.nextInt(5) != 0;
            Call c = new Call(uid, "PJSIP/carrier-" + i, valid ? UUID.randomUUID() : null, valid, hangs);
            calls.add(c);
            streams.add(stream(c, r));
        }
        List<ManagerEvent> merged = new ArrayList<>();
        int[] next = new int[n];
        int left = streams.stream().mapToInt(List::size).sum();
        while (left > 0) {
            int k = r.nextInt(n);
            if (next[k] < streams.get(k).size()) {
                ManagerEvent e = streams.get(k).get(next[k]++);
                merged.add(e);
                left--;
                if (r.nextInt(10) == 0) {
                    merged.add(e); // replayed
                }
            }
        }
        for (ManagerEvent e : merged) {
            book.apply(e);
        }
        inputs++;
        events += merged.size();

        Map<UUID, Set<Integer>> seqs = new HashMap<>();
        Set<UUID> known = new HashSet<>();
        for (Call c : calls) {
            if (c.validCallId()) {
                known.add(c.callId());
            }
            known.add(Timeline.fallbackCallId(c.uniqueid()));
        }
        for (CallEvent e : journal.all()) {
            assertThat(known).as("a step of a call that is in the stream").contains(e.callId());
            assertThat(e.seq()).isNotNegative();
            assertThat(seqs.computeIfAbsent(e.callId(), x -> new HashSet<>()).add(e.seq()))
                    .as("one event per position within a call: %s", e).isTrue();
        }
        for (Call c : calls) {
            if (c.validCallId() && c.hangsUp() && !c.uniqueid().startsWith("garbage")) {
                long hangups = journal.of(c.callId()).stream().filter(e -> e.type() == CallEventType.HUNG_UP).count();
                assertThat(hangups).as("one HUNG_UP for call %s", c).isEqualTo(1);
            }
        }
    }

    /** One call's events in causal order. */
    private static List<ManagerEvent> stream(Call c, Random r) {
        List<ManagerEvent> out = new ArrayList<>();
        double t = r.nextDouble() * 5;
        NewChannelEvent nc = at(new NewChannelEvent(AmiEventFuzz.class), t);
        nc.setUniqueId(c.uniqueid());
        nc.setLinkedid(c.uniqueid());
        nc.setChannel(r.nextInt(40) == 0 ? null : c.channel());
        nc.setContext(r.nextBoolean() ? "cu-inbound" : "cu-triage");
        nc.setExten(r.nextInt(10) == 0 ? "" : "911");
        nc.setCallerIdNum(r.nextInt(10) == 0 ? null : "98700" + r.nextInt(10_000));
        out.add(nc);
        if (r.nextBoolean()) {
            AgiExecStartEvent a = at(new AgiExecStartEvent(AmiEventFuzz.class), t += 0.01);
            a.setUniqueId(c.uniqueid());
            a.setChannel(c.channel());
            out.add(a);
        }
        if (c.validCallId() || r.nextBoolean()) {
            out.add(varSet(c, "CU_CALL_ID", c.validCallId() ? c.callId().toString() : "not-a-uuid-" + r.nextInt(9), t += 0.02));
        }
        if (r.nextInt(4) == 0) {
            out.add(varSet(c, "CU_TEST", "1", t += 0.001));
        }
        int joins = r.nextInt(3);
        for (int j = 0; j < joins; j++) {
            QueueCallerJoinEvent q = at(new QueueCallerJoinEvent(AmiEventFuzz.class), t += r.nextDouble() * 3);
            q.setUniqueId(c.uniqueid());
            q.setLinkedId(c.uniqueid());
            q.setChannel(c.channel());
            q.setQueue(r.nextBoolean() ? "cic-sc" : "ser-150132");
            q.setPosition(1 + r.nextInt(5));
            out.add(q);
            if (r.nextBoolean()) {
                AgentCalledEvent a = at(new AgentCalledEvent(AmiEventFuzz.class), t += r.nextDouble());
                a.setUniqueId(c.uniqueid());
                a.setQueue(q.getQueue());
                a.setInterface("PJSIP/cic-0" + r.nextInt(4));
                a.setDestUniqueId(c.uniqueid() + "-agent" + j);
                out.add(a);
                if (r.nextBoolean()) {
                    AgentConnectEvent ac = at(new AgentConnectEvent(AmiEventFuzz.class), t += r.nextDouble() * 4);
                    ac.setUniqueId(c.uniqueid());
                    ac.setQueue(q.getQueue());
                    ac.setInterface(a.getInterface());
                    ac.setHoldTime((long) r.nextInt(60));
                    out.add(ac);
                    break;
                }
            }
            if (r.nextBoolean()) {
                QueueCallerLeaveEvent l = at(new QueueCallerLeaveEvent(AmiEventFuzz.class), t += r.nextDouble());
                l.setUniqueId(c.uniqueid());
                l.setQueue(q.getQueue());
                out.add(l);
            } else if (r.nextInt(3) == 0) {
                QueueCallerAbandonEvent ab = at(new QueueCallerAbandonEvent(AmiEventFuzz.class), t += r.nextDouble());
                ab.setUniqueId(c.uniqueid());
                ab.setQueue(q.getQueue());
                ab.setHoldTime(r.nextInt(100));
                out.add(ab);
            }
        }
        if (c.hangsUp()) {
            HangupEvent h = at(new HangupEvent(AmiEventFuzz.class), t + 0.5 + r.nextDouble() * 30);
            h.setUniqueId(c.uniqueid());
            h.setChannel(c.channel());
            h.setCause(r.nextInt(5) == 0 ? null : (r.nextBoolean() ? 16 : r.nextInt(128)));
            h.setCauseTxt("fuzz");
            out.add(h);
        }
        return out;
    }

    private static VarSetEvent varSet(Call c, String name, String value, double t) {
        VarSetEvent v = at(new VarSetEvent(AmiEventFuzz.class), t);
        v.setUniqueId(c.uniqueid());
        v.setLinkedId(c.uniqueid());
        v.setChannel(c.channel());
        v.setVariable(name);
        v.setValue(value);
        return v;
    }

    private static <E extends ManagerEvent> E at(E e, double seconds) {
        e.setTimestamp(T0 + seconds);
        return e;
    }
}
