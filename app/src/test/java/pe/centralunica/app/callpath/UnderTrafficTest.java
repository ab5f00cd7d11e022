package pe.centralunica.app.callpath;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import pe.centralunica.app.Node;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.router.rules.RuleTarget;
import pe.centralunica.router.rules.RuleValidator;
import pe.centralunica.router.store.JdbcRuleRepository;
import pe.centralunica.router.store.RuleAdmin;
import pe.centralunica.router.store.RuleChange;
import pe.centralunica.router.store.RuleDraft;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.Disposition;
import pe.centralunica.simulator.SimulatedAsterisk;
import pe.centralunica.simulator.Topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The call path while calls keep arriving: a routing change, and PostgreSQL gone for a minute. */
class UnderTrafficTest {

    private static SimulatedAsterisk city(int agiPort) {
        return Topology.apply(SimulatedAsterisk.builder(), 2, 3, Duration.ofSeconds(2), Duration.ofSeconds(5))
                .agiServer("127.0.0.1", agiPort).timeScale(0.1).seed(5).start();
    }

    /** A fire caller from Miraflores (type at 5 s, district at 8.5 s simulated). */
    private static CallScript fireCaller(int i) {
        return CallScript.caller(String.format("96%07d", i)).dials("911")
                .pressesAfter(Duration.ofSeconds(5), "2").pressesAfter(Duration.ofMillis(7_500), "22")
                .hangsUpAfterAnswer(Duration.ofSeconds(5));
    }

    @Test
    void aRuleChangedMidTrafficTakesEffectBetweenTwoCallsAndNoCallIsLost() throws Exception {
        DatabaseSettings settings = TestDatabases.freshSettings();
        try (Node node = TestNode.start(settings); Database db = Database.open(settings);
             SimulatedAsterisk asterisk = city(node.agiPort())) {
            List<CompletableFuture<CallOutcome>> before = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                before.add(asterisk.place(fireCaller(i)));
                Thread.sleep(150);
            }
            var fire = new JdbcRuleRepository(db.dataSource()).load().rules().stream()
                    .filter(r -> r.emergencyType().equals(Optional.of("FIRE"))).findFirst().orElseThrow();
            RuleChange change = new RuleAdmin(db.dataSource(), new RuleValidator()).update(fire.id(), fire.revision(),
                    new RuleDraft(fire.name(), fire.jurisdiction(), fire.district(), fire.emergencyType(), fire.callerClass(),
                            fire.schedule(), fire.priority(), true, List.of(RuleTarget.of("Q-METRO"))), "admin-test");
            awaitRoutingVersion(node, change.routingVersion());
            List<CompletableFuture<CallOutcome>> after = new ArrayList<>();
            for (int i = 10; i < 20; i++) {
                after.add(asterisk.place(fireCaller(i)));
                Thread.sleep(150);
            }
            for (var f : before) {
                CallOutcome o = f.get(90, TimeUnit.SECONDS);
                assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
                assertThat(o.answeredTarget()).isIn("desk-cgbvp", "cic-sc");
            }
            for (var f : after) {
                CallOutcome o = f.get(90, TimeUnit.SECONDS);
                assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
                assertThat(o.answeredTarget()).as("placed after version %d was installed", change.routingVersion()).isEqualTo("cic-sc");
            }
        }
    }

    @Test
    void withPostgreSqlGoneForAMinuteCallsAreRoutedAndEveryEventArrivesAfterwards() throws Exception {
        DatabaseSettings direct = TestDatabases.freshSettings();
        Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(.*)").matcher(direct.jdbcUrl());
        assertThat(m.matches()).isTrue();
        try (CuttableProxy proxy = new CuttableProxy(m.group(1), Integer.parseInt(m.group(2)))) {
            DatabaseSettings viaProxy = new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + m.group(3),
                    direct.user(), direct.password(), direct.maxPoolSize(), direct.connectionTimeout());
            try (Node node = TestNode.start(viaProxy); Database db = Database.open(direct);
                 SimulatedAsterisk asterisk = city(node.agiPort())) {
                Records records = new Records(db);
                List<CompletableFuture<CallOutcome>> calls = new ArrayList<>();
                long start = System.nanoTime();
                boolean cut = false;
                boolean restored = false;
                int i = 0;
                // Calls every 0.5 s for 70 s; PostgreSQL unreachable from 5 s to 65 s.
                while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(70)) {
                    long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                    if (!cut && elapsed >= 5) {
                        proxy.cut();
                        cut = true;
                    }
                    if (cut && !restored && elapsed >= 65) {
                        proxy.restore();
                        restored = true;
                    }
                    calls.add(asterisk.place(fireCaller(1000 + i++)));
                    Thread.sleep(500);
                }
                List<String> callIds = new ArrayList<>();
                for (var f : calls) {
                    CallOutcome o = f.get(120, TimeUnit.SECONDS);
                    assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
                    assertThat(o.fallback()).as("routed by the app throughout the outage").isFalse();
                    callIds.add(o.variable("CU_CALL_ID"));
                }
                // Everything the node spooled reaches PostgreSQL…
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline && new JsonObject(TestNode.get(node, "/health")).getJsonObject("components")
                        .getJsonObject("journal").getJsonObject("details").getLong("unshippedEvents") > 0) {
                    Thread.sleep(200);
                }
                // …and each call's timeline is whole: positions 0..n-1, no gap, no duplicate.
                for (String id : callIds) {
                    assertThat(records.await("SELECT count(*)::text FROM call WHERE id = ?::uuid", id, "1")).isEqualTo("1");
                    String shape = records.text("""
                            SELECT count(*) || '/' || (max(seq) + 1) || '/' || count(DISTINCT seq)
                              FROM call_event WHERE call_id = ?::uuid AND seq < 1000000""", id);
                    String[] n = shape.split("/");
                    assertThat(n[0]).as("call %s: events/positions/distinct %s", id, shape).isEqualTo(n[1]).isEqualTo(n[2]);
                    assertThat(Integer.parseInt(n[0])).isGreaterThanOrEqualTo(6);
                    assertThat(records.timeline(id)).startsWith("ARRIVED,").contains("TRIAGED", "ROUTE_DECIDED", "TARGET_TRIED");
                }
                assertThat(callIds).hasSizeGreaterThan(120);
            }
        }
    }

    private static void awaitRoutingVersion(Node node, long version) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            JsonObject health = new JsonObject(TestNode.get(node, "/health"));
            if (health.getJsonObject("components").getJsonObject("callPath").getJsonObject("details").getLong("routingVersion") == version) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("routing version " + version + " never installed");
    }
}
