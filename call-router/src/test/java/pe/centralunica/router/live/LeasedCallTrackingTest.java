package pe.centralunica.router.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.Database;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.rules.Target;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.SimulatedAsterisk;

/** Two nodes' trackers of one simulated Asterisk sharing one lease in a real PostgreSQL. */
class LeasedCallTrackingTest {
    private static final String QUEUE = "ser-150122";
    private static final Duration TTL = Duration.ofMillis(1500);
    private static final TargetDirectory TARGETS = TargetDirectory.of(List.of(
            new Target("Q-SER-150122", Target.Kind.QUEUE, QUEUE, Optional.empty(), 20, true),
            new Target("Q-METRO", Target.Kind.QUEUE, "cic-sc", Optional.empty(), 30, true)));

    private Database db;
    private TinyIvr ivr;
    private final MemoryJournal journal = new MemoryJournal();

    @BeforeEach
    void start() throws Exception {
        db = TestDatabases.fresh();
        ivr = new TinyIvr(QUEUE);
    }

    @AfterEach
    void stop() {
        ivr.close();
        db.close();
    }

    private SimulatedAsterisk simulator(Duration talk) {
        // 1 simulated second = 20 ms: the dispatcher answers after 60 ms and talks for talk × 0.02.
        return SimulatedAsterisk.builder().agiServer("127.0.0.1", ivr.port())
                .queue(QueueSpec.named(QUEUE).member(MemberSpec.named("PJSIP/disp-01").answerAfter(Duration.ofSeconds(3)).talkFor(talk)))
                .queue(QueueSpec.named("cic-sc").member(MemberSpec.named("PJSIP/cic-01").answerAfter(Duration.ofSeconds(2))))
                .ami(0, "cu", "secret").timeScale(0.02).seed(5).start();
    }

    private AmiLease lease(String node) {
        return new AmiLease(db.dataSource(), "pbx-1", node, TTL);
    }

    private LeasedCallTracking node(String name, SimulatedAsterisk s) {
        AmiSettings ami = AmiSettings.of("127.0.0.1", s.amiPort(), "cu", "secret").withPing(Duration.ofMillis(200), Duration.ofMillis(1500))
                .withActionTimeout(Duration.ofMillis(1000)).withRetry(Duration.ofMillis(50), Duration.ofMillis(400));
        return new LeasedCallTracking(lease(name), takeover -> new AmiCallTracker(ami, journal, new AvailabilityBoard(), TARGETS).start(),
                TTL, Duration.ofMillis(300), Duration.ofMillis(100)).start();
    }

    @Test
    void onlyOneNodeTracksAndTheOtherTakesOverAStoppingHoldersCallWithoutWritingAStepTwice() throws Exception {
        try (SimulatedAsterisk s = simulator(Duration.ofSeconds(500))) {
            LeasedCallTracking a = node("node-a", s);
            Await.until("node-a holds the lease and is connected", () -> a.holding() && a.connected());
            try (LeasedCallTracking b = node("node-b", s)) {
                Future<CallOutcome> call = s.place(CallScript.caller("987100001").dials("911"));
                Await.until("the holder shows the dispatcher connected", () -> a.connectedTo("PJSIP/disp-01").isPresent());
                assertThat(b.holding()).as("the standby does not track").isFalse();
                assertThat(b.active()).isEmpty();
                String uniqueid = a.connectedTo("PJSIP/disp-01").orElseThrow().uniqueid();

                long eventsWhileHolding = a.eventsReceived();
                assertThat(eventsWhileHolding).as("the holder counts its AMI events").isPositive();
                assertThat(b.eventsReceived()).as("the standby has no AMI session").isZero();
                long stoppedAt = System.nanoTime();
                a.close();
                assertThat(a.eventsReceived()).as("a former holder's count does not go back").isGreaterThanOrEqualTo(eventsWhileHolding);
                Await.until("node-b tracks and shows the call after its resync",
                        () -> b.active().stream().anyMatch(c -> c.uniqueid().equals(uniqueid)));
                System.out.printf("lease: node-b took over a released lease and resynced in %d ms%n",
                        (System.nanoTime() - stoppedAt) / 1_000_000);
                assertThat(a.holding()).isFalse();
                assertThat(lease("node-b").current()).hasValueSatisfying(h -> assertThat(h.holder()).isEqualTo("node-b"));

                CallOutcome o = call.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(o.uniqueid()).isEqualTo(uniqueid);
                UUID callId = ivr.callIds.get(o.uniqueid());
                Await.until("node-b journals the hang-up", () -> journal.types(callId).contains(CallEventType.HUNG_UP));
                assertThat(b.eventsReceived()).as("the new holder counts its own").isPositive();
                assertThat(journal.types(callId)).as("each step once: node-a wrote the queue steps, node-b the end")
                        .containsExactly(CallEventType.QUEUE_JOINED, CallEventType.AGENT_RUNG, CallEventType.ANSWERED,
                                CallEventType.HUNG_UP);
            }
        }
    }

    private java.time.OffsetDateTime column(String name) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT " + name + " FROM ami_tracking_lease")) {
            assertThat(rs.next()).isTrue();
            return rs.getObject(1, java.time.OffsetDateTime.class);
        }
    }

    @Test
    void aDeadHoldersLeaseIsTakenOverOnceItExpires() throws Exception {
        try (SimulatedAsterisk s = simulator(Duration.ofSeconds(30))) {
            // A node that took the lease and died: it never renews nor releases it.
            long diedAt = System.nanoTime();
            assertThat(lease("node-dead").tryAcquire()).isPresent();
            java.time.OffsetDateTime deadUntil = column("expires_at");
            try (LeasedCallTracking b = node("node-b", s)) {
                Await.until("node-b takes over", b::holding);
                long ms = (System.nanoTime() - diedAt) / 1_000_000;
                Await.until("node-b is connected", b::connected);
                System.out.printf("lease: TTL %d ms, node-b tracking %d ms after the holder's last renewal, connected %d ms after%n",
                        TTL.toMillis(), ms, (System.nanoTime() - diedAt) / 1_000_000);
                assertThat(column("acquired_at")).as("taken once the dead holder's lease had expired (PostgreSQL's clock)")
                        .isAfterOrEqualTo(deadUntil);
                assertThat(lease("node-b").current()).hasValueSatisfying(h -> assertThat(h.epoch()).isEqualTo(2));
            }
        }
    }

    @Test
    void aHolderWhoseLeaseRanOutStopsTrackingAndExactlyOneNodeTracksAfterwards() throws Exception {
        try (SimulatedAsterisk s = simulator(Duration.ofSeconds(30));
             LeasedCallTracking a = node("node-a", s)) {
            Await.until("node-a holds", a::holding);
            try (LeasedCallTracking b = node("node-b", s)) {
                // What the other nodes see when node-a was frozen longer than its lease: the row has expired.
                try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                    st.execute("UPDATE ami_tracking_lease SET expires_at = clock_timestamp() - interval '1 second'");
                }
                Await.until("node-a's renewal is refused or node-b took over", () -> a.acquisitions() > 1 || b.holding());
                Await.until("exactly one node tracks", () -> a.holding() != b.holding());
                Thread.sleep(1_000);
                assertThat(a.holding() ^ b.holding()).as("still exactly one a second later").isTrue();
                String holder = lease("x").current().orElseThrow().holder();
                assertThat(holder).isEqualTo(a.holding() ? "node-a" : "node-b");
                assertThat(lease("x").current().orElseThrow().epoch()).as("a new holding period began").isEqualTo(2);
            }
        }
    }
}
