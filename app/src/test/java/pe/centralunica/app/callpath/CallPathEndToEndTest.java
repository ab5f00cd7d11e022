package pe.centralunica.app.callpath;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.SimulatedAsterisk;
import pe.centralunica.simulator.TrunkSpec;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole call path over the real protocols: a simulated Asterisk 20 runs the project's dialplan and
 * connects over FastAGI to a running node, which triages, routes from the rules in PostgreSQL and records;
 * and when the node is not there, the dialplan alone still takes the caller to a human.
 */
class CallPathEndToEndTest {

    private static DatabaseSettings dbSettings;
    private static Database db;
    private static Node node;
    private static SimulatedAsterisk asterisk;

    @BeforeAll
    static void start() throws Exception {
        dbSettings = TestDatabases.freshSettings();
        node = TestNode.start(dbSettings);
        db = Database.open(dbSettings);
        asterisk = asterisk(node.agiPort());
    }

    /** Dispatchers at the metropolitan centre, the fire and police desks and Miraflores; nobody at San Isidro. */
    private static SimulatedAsterisk asterisk(int agiPort) {
        return SimulatedAsterisk.builder()
                .agiServer("127.0.0.1", agiPort)
                .queue(QueueSpec.named("cic-sc").member(MemberSpec.named("PJSIP/metro-01").answerAfter(Duration.ofSeconds(3))))
                .queue(QueueSpec.named("desk-cgbvp").member(MemberSpec.named("PJSIP/cgbvp-01").answerAfter(Duration.ofSeconds(2))))
                .queue(QueueSpec.named("desk-pnp").member(MemberSpec.named("PJSIP/pnp-01").answerAfter(Duration.ofSeconds(2))))
                .queue(QueueSpec.named("ser-150122").member(MemberSpec.named("PJSIP/ser-mir-01").answerAfter(Duration.ofSeconds(2))))
                .queue(QueueSpec.named("ser-150131").refuseWhenEmpty())
                .trunk(TrunkSpec.named("trunk-pnp").up())
                .timeScale(0.1)
                .seed(7)
                .start();
    }

    @AfterAll
    static void stop() {
        asterisk.close();
        node.close();
        db.close();
    }

    private static CallOutcome call(SimulatedAsterisk sim, CallScript script) throws Exception {
        return sim.place(script).get(60, TimeUnit.SECONDS);
    }

    /**
     * Prompts last 2 simulated seconds each: welcome 0–2 s, type menu 2–4 s then 2 s to answer; the caller
     * presses the type at 5 s; district prompt from then for 2 s, then 1.5 s to answer: the code goes in at 7.5 s.
     */
    private static CallScript caller(String number, String type, String districtCode) {
        CallScript s = CallScript.caller(number).dials("911").pressesAfter(Duration.ofSeconds(5), type);
        if (districtCode != null) {
            s.pressesAfter(Duration.ofMillis(7_500), districtCode);
        }
        return s.hangsUpAfterAnswer(Duration.ofSeconds(20));
    }

    @Test
    void aFireCallIsTriagedAndAnsweredAtTheFireDesk() throws Exception {
        CallOutcome o = call(asterisk, caller("987000001", "2", "22"));

        assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
        assertThat(o.fallback()).isFalse();
        assertThat(o.agiScripts()).containsExactly("triage");
        assertThat(o.answeredTarget()).isEqualTo("desk-cgbvp");
        assertThat(o.variable("CU_TYPE")).isEqualTo("FIRE");
        assertThat(o.variable("CU_DISTRICT")).isEqualTo("150122");
        assertThat(o.variable("CU_PRIORITY")).isEqualTo("5");

        String callId = o.variable("CU_CALL_ID");
        awaitRecord(callId, "SELECT emergency_type_code || ' ' || district_ubigeo || ' ' || district_source FROM call WHERE id = ?::uuid",
                "FIRE 150122 DTMF");
        assertThat(count("SELECT count(*) FROM call_event WHERE call_id = ?::uuid AND type IN ('ARRIVED','TRIAGED','ROUTE_DECIDED','TARGET_TRIED')",
                callId)).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM call c JOIN incident i ON i.id = c.incident_id WHERE c.id = ?::uuid", callId))
                .as("triage opened an incident").isEqualTo(1);
    }

    @Test
    void aCrimeCallWhoseDistrictCentralHasNobodyMovesOnToThePoliceDesk() throws Exception {
        // 31 = San Isidro (150131): its Serenazgo queue has no dispatcher logged in.
        CallOutcome o = call(asterisk, caller("987000002", "1", "31"));

        assertThat(o.agiScripts()).containsExactly("triage", "route-next");
        assertThat(o.answeredTarget()).isEqualTo("desk-pnp");
        assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
        awaitRecord(o.variable("CU_CALL_ID"),
                "SELECT string_agg(data->>'status', ',') FROM call_event WHERE call_id = ?::uuid AND type = 'TARGET_FAILED'",
                "JOINEMPTY");
    }

    @Test
    void aRuleChangedByAnAdministratorIsFollowedByTheNextCallWithoutRestart() throws Exception {
        JdbcRuleRepository rules = new JdbcRuleRepository(db.dataSource());
        var fire = rules.load().rules().stream().filter(r -> r.emergencyType().equals(java.util.Optional.of("FIRE"))).findFirst().orElseThrow();
        RuleDraft toMetro = new RuleDraft(fire.name(), fire.jurisdiction(), fire.district(), fire.emergencyType(),
                fire.callerClass(), fire.schedule(), fire.priority(), true, List.of(RuleTarget.of("Q-METRO")));
        RuleChange change = new RuleAdmin(db.dataSource(), new RuleValidator()).update(fire.id(), fire.revision(), toMetro, "admin-test");
        try {
            awaitRoutingVersion(change.routingVersion());

            CallOutcome o = call(asterisk, caller("987000003", "2", "22"));
            assertThat(o.answeredTarget()).isEqualTo("cic-sc");
            assertThat(o.variable("CU_RULE")).isEqualTo(Long.toString(fire.id()));
        } finally {
            RuleChange back = new RuleAdmin(db.dataSource(), new RuleValidator())
                    .update(fire.id(), change.revision(), RuleDraft.of(fire), "admin-test");
            awaitRoutingVersion(back.routingVersion());
        }
    }

    @Test
    void withTheApplicationDownTheDialplanAloneTakesTheCallerToTheMetropolitanCentre() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (SimulatedAsterisk orphan = asterisk(closedPort)) {
            CallOutcome o = call(orphan, caller("987000004", "2", null));

            assertThat(o.variable("AGISTATUS")).isEqualTo("FAILURE");
            assertThat(o.fallback()).isTrue();
            assertThat(o.answeredTarget()).isEqualTo("cic-sc");
            assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
        }
    }

    @Test
    void anApplicationThatClosesTheSocketAtOnceLooksLikeSuccessToAsteriskYetTheCallerStillReachesAHuman() throws Exception {
        try (ServerSocket overloaded = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                while (!overloaded.isClosed()) {
                    try {
                        overloaded.accept().close();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            try (SimulatedAsterisk sim = asterisk(overloaded.getLocalPort())) {
                CallOutcome o = call(sim, caller("987000005", "2", null));

                assertThat(o.variable("AGISTATUS")).isEqualTo("SUCCESS");
                assertThat(o.fallback()).isTrue();
                assertThat(o.answeredTarget()).isEqualTo("cic-sc");
            }
        }
    }

    private static void awaitRoutingVersion(long version) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            JsonObject health = new JsonObject(TestNode.get(node, "/health"));
            if (health.getJsonObject("components").getJsonObject("callPath").getJsonObject("details").getLong("routingVersion") == version) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("routing version " + version + " never installed");
    }

    /** Waits (bounded) for the journal to ship the call's events; then compares one text value. */
    private static void awaitRecord(String callId, String sql, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, callId);
                try (ResultSet rs = ps.executeQuery()) {
                    last = rs.next() ? rs.getString(1) : null;
                }
            }
            if (expected.equals(last)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(last).as(sql).isEqualTo(expected);
    }

    private static long count(String sql, String callId) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
