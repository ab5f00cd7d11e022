package pe.centralunica.router.live.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.event.HangupEvent;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.journal.CallJournal;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.live.AmiCallTracker;
import pe.centralunica.router.live.AmiSettings;
import pe.centralunica.router.live.TargetDirectory;
import pe.centralunica.router.rules.Target;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.SimulatedAsterisk;

/**
 * How fast the tracker follows a busy Asterisk: rounds of N calls placed at once through the simulator's fallback
 * path (AGI unreachable, so the tracker itself writes ARRIVED, FALLBACK, the queue steps and HUNG_UP), answered
 * by a dispatcher pool. Per round: AMI events, the tracker thread's CPU per event, and the lag from a caller's
 * Hangup (its AMI timestamp) to HUNG_UP being appended — next to the lag a bare asterisk-java listener on a
 * second session sees, which is what the library and the simulator alone cost. The first round warms up.
 * {@code -Dbench.calls=1000 -Dbench.agents=60 -Dbench.rounds=3}.
 */
public final class TrackerBench {
    public static void main(String[] args) throws Exception {
        int calls = Integer.getInteger("bench.calls", 1000);
        int agents = Integer.getInteger("bench.agents", 60);
        int rounds = Integer.getInteger("bench.rounds", 3);
        QueueSpec q = QueueSpec.named("cic-sc");
        for (int i = 1; i <= agents; i++) {
            q.member(MemberSpec.named(String.format("PJSIP/cic-%02d", i)).answerAfter(Duration.ofSeconds(2))
                    .talkFor(Duration.ofSeconds(20)));
        }
        ConcurrentLinkedQueue<Long> trackerLag = new ConcurrentLinkedQueue<>();
        CallJournal journal = new CallJournal() {
            @Override
            public void append(CallEvent e) {
                if (e.type() == CallEventType.HUNG_UP) {
                    trackerLag.add(System.currentTimeMillis() - e.at().toEpochMilli());
                }
            }
        };
        ConcurrentLinkedQueue<Long> bareLag = new ConcurrentLinkedQueue<>();
        try (SimulatedAsterisk s = SimulatedAsterisk.builder().queue(q).ami(0, "cu", "secret").timeScale(0.01).start();
             AmiCallTracker t = new AmiCallTracker(AmiSettings.of("127.0.0.1", s.amiPort(), "cu", "secret"), journal,
                     new AvailabilityBoard(), TargetDirectory.of(List.of(new Target("Q-METRO", Target.Kind.QUEUE,
                     "cic-sc", Optional.empty(), 30, true)))).start()) {
            s.faults().agiUnreachable(true);
            ManagerConnection bare = new ManagerConnectionFactory("127.0.0.1", s.amiPort(), "cu", "secret").createManagerConnection();
            bare.addEventListener(e -> {
                if (e instanceof HangupEvent h && h.getTimestamp() != null && h.getChannel().startsWith("PJSIP/carrier")) {
                    bareLag.add(System.currentTimeMillis() - Math.round(h.getTimestamp() * 1000));
                }
            });
            bare.login();
            while (!t.connected()) {
                Thread.sleep(10);
            }
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long trackerThread = Thread.getAllStackTraces().keySet().stream().filter(th -> th.getName().equals("ami-tracker"))
                    .findFirst().orElseThrow().threadId();
            for (int r = 1; r <= rounds; r++) {
                Thread.sleep(500);
                trackerLag.clear();
                bareLag.clear();
                long cpu0 = mx.getThreadCpuTime(trackerThread);
                long ev0 = t.eventsReceived();
                long start = System.nanoTime();
                List<CompletableFuture<?>> all = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    all.add(s.place(CallScript.caller(String.format("9%02d%06d", r, i)).dials("911")));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
                long deadline = System.nanoTime() + 60_000_000_000L;
                while ((trackerLag.size() < calls || bareLag.size() < calls) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                double secs = (System.nanoTime() - start) / 1e9;
                long events = t.eventsReceived() - ev0;
                long cpu = mx.getThreadCpuTime(trackerThread) - cpu0;
                System.out.printf("round %d: %d calls, %d agents, %.1f s, %d AMI events (%.0f/s); tracker thread %.1f µs/event; "
                                + "Hangup→HUNG_UP p50 %d ms p99 %d ms; bare listener Hangup p50 %d ms p99 %d ms%s%n",
                        r, calls, agents, secs, events, events / secs, cpu / 1000.0 / events,
                        pct(trackerLag, 50), pct(trackerLag, 99), pct(bareLag, 50), pct(bareLag, 99),
                        trackerLag.size() < calls ? "; MISSING " + (calls - trackerLag.size()) + " HUNG_UP" : "");
            }
            bare.logoff();
        }
    }

    private static long pct(ConcurrentLinkedQueue<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }
}
