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
 * {@code -Dbench.calls=1000 -Dbench.agents=60 -Dbench.rounds=3}; {@code -Dbench.rate=100} places the round's
 * calls at that many per second instead of all at once.
 *
 * <p>The journal is the real one ({@code SpooledCallJournal}: spool with group commit, shipped to the test
 * PostgreSQL from {@code TestDatabases}); the lag is measured to HUNG_UP being durable on disk, and at the end
 * every step the tracker handed over is counted in PostgreSQL ("kept every step"). {@code -Dbench.journal=discard}
 * measures the tracker alone, as before.
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
        double rate = Double.parseDouble(System.getProperty("bench.rate", "0"));
        boolean discard = "discard".equals(System.getProperty("bench.journal", "real"));
        ConcurrentLinkedQueue<Long> trackerLag = new ConcurrentLinkedQueue<>();
        java.util.Set<java.util.UUID> submitted = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<java.util.UUID> callIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.nio.file.Path spool = java.nio.file.Files.createTempDirectory("tracker-bench-spool");
        pe.centralunica.db.Database db = discard ? null : pe.centralunica.db.testing.TestDatabases.fresh();
        pe.centralunica.db.journal.SpooledCallJournal real = discard ? null : pe.centralunica.db.journal.SpooledCallJournal.start(
                pe.centralunica.db.journal.JournalSettings.defaults(spool), db.dataSource());
        CallJournal journal = new CallJournal() {
            @Override
            public void append(CallEvent e) {
                submit(List.of(e)).join();
            }

            @Override
            public CompletableFuture<Void> submit(List<CallEvent> events) {
                for (CallEvent e : events) {
                    submitted.add(e.eventId());
                    callIds.add(e.callId());
                }
                CompletableFuture<Void> durable = real == null ? CompletableFuture.completedFuture(null) : real.submit(events);
                return durable.whenComplete((ok, failure) -> {
                    for (CallEvent e : events) {
                        if (failure == null && e.type() == CallEventType.HUNG_UP) {
                            trackerLag.add(System.currentTimeMillis() - e.at().toEpochMilli());
                        }
                    }
                });
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
                    if (rate > 0) {
                        long due = start + (long) (i * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
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
        if (real != null) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (real.stats().unshippedEvents() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            System.out.printf("journal: %d steps handed over by the tracker, %d fsyncs (%.0f steps per fsync), %d refused%n",
                    submitted.size(), real.stats().fsyncs(), submitted.size() / (double) Math.max(1, real.stats().fsyncs()),
                    real.refusedEvents());
            real.close();
            try (var c = db.dataSource().getConnection();
                 var ps = c.prepareStatement("SELECT count(*) FROM call_event WHERE call_id = ANY(?::uuid[])")) {
                ps.setArray(1, c.createArrayOf("text", callIds.stream().map(Object::toString).toArray()));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    long stored = rs.getLong(1);
                    System.out.printf("PostgreSQL holds %d of the %d steps%s%n", stored, submitted.size(),
                            stored == submitted.size() ? " — every step kept" : " — STEPS MISSING");
                }
            }
            db.close();
        }
    }

    private static long pct(ConcurrentLinkedQueue<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }
}
