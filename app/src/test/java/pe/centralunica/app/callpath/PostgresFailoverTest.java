package pe.centralunica.app.callpath;

import org.junit.jupiter.api.Test;
import pe.centralunica.app.Node;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.ReplicatedPostgres;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.Disposition;
import pe.centralunica.simulator.SimulatedAsterisk;
import pe.centralunica.simulator.Topology;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A node whose CU_DB_URL names a primary and its synchronous streaming standby (pgjdbc multi-host URL,
 * {@code targetServerType=primary}) while calls arrive over the simulated Asterisk: the primary dies and the
 * standby is promoted mid-traffic. Every caller is still triaged and routed by the app (no fallback), and every
 * event the node journaled for them is on the promoted standby — each call's timeline complete (ARRIVED …
 * TARGET_TRIED, positions 0..n without a gap) and no event twice.
 */
class PostgresFailoverTest {

    @Test
    void callsKeepBeingRoutedAndEveryEventReachesThePromotedStandby() throws Exception {
        assumeTrue(ReplicatedPostgres.whyUnavailable().isEmpty(), () -> "skipped: " + ReplicatedPostgres.whyUnavailable().orElse(""));
        try (ReplicatedPostgres pg = ReplicatedPostgres.start()) {
            pg.createDatabase("cu");
            DatabaseSettings settings = DatabaseSettings.of(pg.multiHostUrl("cu"), "postgres", "");
            try (Node node = TestNode.start(settings, Map.of("CU_LOOKUP_BUDGET_MS", "300"));
                 // Every queue staffed enough for the traffic: the dispatchers are not what this test is about.
                 SimulatedAsterisk asterisk = Topology.apply(SimulatedAsterisk.builder(), 8, 8, Duration.ofSeconds(1), Duration.ofSeconds(2))
                         .agiServer("127.0.0.1", node.agiPort()).timeScale(0.1).seed(5).start()) {
                List<CompletableFuture<CallOutcome>> calls = new ArrayList<>();
                long started = System.nanoTime();
                boolean failedOver = false;
                // A call every 250 ms for 10 s; the primary dies 4 s in.
                for (int n = 0; n < 40; n++) {
                    if (!failedOver && System.nanoTime() - started > TimeUnit.SECONDS.toNanos(4)) {
                        pg.failover();
                        failedOver = true;
                    }
                    calls.add(asterisk.place(CallScript.caller(String.format("98730%04d", n)).dials("106")
                            .pressesAfter(Duration.ofSeconds(5), "22").hangsUpAfterAnswer(Duration.ofSeconds(2))));
                    Thread.sleep(250);
                }
                assertThat(failedOver).isTrue();
                List<String> callIds = new ArrayList<>();
                for (CompletableFuture<CallOutcome> f : calls) {
                    CallOutcome o = f.get(90, TimeUnit.SECONDS);
                    assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
                    assertThat(o.fallback()).as("routed by the app, not the dialplan's fallback").isFalse();
                    assertThat(o.answeredTarget()).isEqualTo("desk-samu");
                    callIds.add(o.variable("CU_CALL_ID"));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                List<String> incomplete = incomplete(pg, callIds);
                while (!incomplete.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                    incomplete = incomplete(pg, callIds);
                }
                System.out.printf("pg-failover: %d calls routed across the failover; every timeline complete on the promoted standby %.1f s after the first call%n",
                        callIds.size(), (System.nanoTime() - started) / 1e9);
                assertThat(incomplete).as("calls whose timeline on the new primary misses an event or has one twice").isEmpty();
            }
        }
    }

    /** Calls whose events on the promoted standby are not a complete timeline (each position 0..n once, start to route). */
    private static List<String> incomplete(ReplicatedPostgres pg, List<String> callIds) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(pg.standbyUrl("cu"), "postgres", "");
             PreparedStatement ps = c.prepareStatement("""
                     SELECT count(*), count(DISTINCT event_id), count(DISTINCT seq), coalesce(max(seq), -1),
                            count(*) FILTER (WHERE type IN ('ARRIVED', 'TRIAGED', 'ROUTE_DECIDED', 'TARGET_TRIED'))
                     FROM call_event WHERE call_id = ?::uuid""")) {
            for (String id : callIds) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long rows = rs.getLong(1);
                    boolean complete = rows > 0 && rs.getLong(2) == rows && rs.getLong(3) == rows && rs.getLong(4) == rows - 1
                            && rs.getLong(5) == 4;
                    if (!complete) out.add(id + " (" + rows + " events, last position " + rs.getLong(4) + ")");
                }
            }
        } catch (java.sql.SQLException e) {
            out.add("standby not answering: " + e.getMessage());
        }
        return out;
    }
}
