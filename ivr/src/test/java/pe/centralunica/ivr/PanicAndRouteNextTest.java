package pe.centralunica.ivr;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.Database;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.router.CallFacts;
import pe.centralunica.router.CallerClass;
import pe.centralunica.router.RouteDecision;
import pe.centralunica.router.Router;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PanicAndRouteNextTest {

    private static Database db;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.fresh();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO panic_button (device_id, caller_id, latitude, longitude, address, district_ubigeo, camera_id)
                    VALUES ('PB-MIR-001', '7001001', -12.121900, -77.029700, 'Parque Kennedy, Miraflores', '150122', 'CAM-MIR-14')""");
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void aRegisteredPanicButtonSkipsTheIvrAndCarriesItsLocationToItsDistrict() throws Exception {
        TestRouter router = new TestRouter();
        try (IvrFixture f = new IvrFixture(db, router)) {
            ScriptedAsterisk a = f.call(new ScriptedAsterisk("panic", "7001001").caller("7001001"));

            assertThat(a.commands()).noneMatch(c -> c.startsWith("ANSWER") || c.startsWith("STREAM") || c.startsWith("GET DATA"));
            assertThat(a.variables()).containsEntry("CU_CLASS", "PANIC").containsEntry("CU_DISTRICT", "150122")
                    .containsEntry("CU_TARGET", "ser-150122").containsEntry("CU_PRIORITY", "5")
                    .containsEntry("CU_ROUTE_OK", "1");
            assertThat(router.last().callerClass()).isEqualTo(CallerClass.PANIC);
            assertThat(f.journal.first(CallEventType.TRIAGED).data())
                    .containsEntry("panicDevice", "PB-MIR-001").containsEntry("cameraId", "CAM-MIR-14")
                    .containsEntry("latitude", "-12.121900").containsEntry("address", "Parque Kennedy, Miraflores")
                    .containsEntry("districtSource", "PANIC_BUTTON");
        }
    }

    @Test
    void anUnregisteredCallerInThePanicContextIsStillAPanicCall() throws Exception {
        TestRouter router = new TestRouter();
        try (IvrFixture f = new IvrFixture(db, router)) {
            ScriptedAsterisk a = f.call(new ScriptedAsterisk("panic", "7009999").caller("7009999"));

            assertThat(a.variables()).containsEntry("CU_CLASS", "PANIC").containsEntry("CU_TARGET", "cic-sc")
                    .containsEntry("CU_ROUTE_OK", "1");
            assertThat(f.journal.first(CallEventType.TRIAGED).data().get("panic")).contains("not registered");
        }
    }

    private static final String PLAN = "Q-SER-150122|QUEUE|ser-150122|20;T-PNP|DIAL|PJSIP/105@trunk-pnp|25;Q-METRO|QUEUE|cic-sc|60";

    private static ScriptedAsterisk routeNext(String status, String callId, int step, int seq) {
        return new ScriptedAsterisk("route-next", status)
                .variable("CU_CALL_ID", callId).variable("CU_ROUTE_STEP", Integer.toString(step))
                .variable("CU_SEQ", Integer.toString(seq)).variable("CU_ROUTE_PLAN", PLAN);
    }

    @Test
    void routeNextHandsTheDialplanTheFollowingStepAndContinuesTheTimeline() throws Exception {
        UUID callId = UUID.randomUUID();
        try (IvrFixture f = new IvrFixture(db, new TestRouter())) {
            ScriptedAsterisk a = f.call(routeNext("JOINEMPTY", callId.toString(), 0, 11));

            assertThat(a.variables()).containsEntry("CU_TARGET_KIND", "DIAL").containsEntry("CU_TARGET", "PJSIP/105@trunk-pnp")
                    .containsEntry("CU_TARGET_TIMEOUT", "25").containsEntry("CU_ROUTE_STEP", "1")
                    .containsEntry("CU_SEQ", "13").containsEntry("CU_ROUTE_OK", "1");
            assertThat(f.journal.of(callId)).extracting(e -> e.type()).containsExactly(CallEventType.TARGET_FAILED, CallEventType.TARGET_TRIED);
            assertThat(f.journal.of(callId)).extracting(e -> e.seq()).containsExactly(11, 12);
            assertThat(f.journal.first(CallEventType.TARGET_FAILED).data()).containsEntry("status", "JOINEMPTY")
                    .containsEntry("target", "Q-SER-150122");
        }
    }

    @Test
    void routeNextSkipsTargetsThatWentDownSinceTheDecision() throws Exception {
        UUID callId = UUID.randomUUID();
        Router pnpDown = new Router() {
            @Override
            public RouteDecision decide(CallFacts facts) {
                throw new AssertionError("route-next must not re-decide");
            }

            @Override
            public Optional<String> downReason(String code) {
                return Set.of("T-PNP", "Q-METRO").contains(code) ? Optional.of("trunk unreachable (OPTIONS)") : Optional.empty();
            }
        };
        try (IvrFixture f = new IvrFixture(db, pnpDown)) {
            ScriptedAsterisk a = f.call(routeNext("TIMEOUT", callId.toString(), 0, 5));

            assertThat(a.variables()).as("the metropolitan centre is kept even when marked down")
                    .containsEntry("CU_TARGET", "cic-sc").containsEntry("CU_ROUTE_STEP", "2");
            assertThat(f.journal.first(CallEventType.NOTE).data().get("text")).contains("T-PNP: trunk unreachable");
        }
    }

    @Test
    void theMetropolitanCentreIsRetriedForAsLongAsTheCallerStays() throws Exception {
        UUID callId = UUID.randomUUID();
        try (IvrFixture f = new IvrFixture(db, new TestRouter())) {
            ScriptedAsterisk a = f.call(routeNext("TIMEOUT", callId.toString(), 2, 20));

            assertThat(a.variables()).containsEntry("CU_TARGET", "cic-sc").containsEntry("CU_ROUTE_STEP", "2")
                    .containsEntry("CU_ROUTE_OK", "1");
        }
    }

    @Test
    void routeNextWithoutAPlanLeavesTheCallToTheFallback() throws Exception {
        try (IvrFixture f = new IvrFixture(db, new TestRouter())) {
            ScriptedAsterisk a = f.call(new ScriptedAsterisk("route-next", "TIMEOUT").variable("CU_ROUTE_PLAN", "garbage|x"));

            assertThat(a.variables()).doesNotContainKey("CU_ROUTE_OK");
            assertThat(f.ivr.stats().fallbacks()).isEqualTo(1);
        }
    }
}
