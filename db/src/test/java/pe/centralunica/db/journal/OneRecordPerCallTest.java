package pe.centralunica.db.journal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static pe.centralunica.db.journal.JournalTestSupport.await;

/**
 * The IVR and the AMI tracker both write a call's arrival and hang-up; whichever reaches PostgreSQL first,
 * one Asterisk call is one call row with one HUNG_UP, and a synthetic test call opens no incident.
 */
class OneRecordPerCallTest {

    private static final Instant T0 = Instant.parse("2026-12-07T17:00:00Z");
    private static Database db;

    @TempDir
    Path tmp;

    @BeforeAll
    static void database() {
        db = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static CallEvent ivrEvent(UUID callId, int seq, long ms, CallEventType type, Map<String, String> data) {
        UUID id = type == CallEventType.HUNG_UP ? CallIds.onceEventId(callId, type) : UUID.randomUUID();
        return new CallEvent(id, callId, seq, T0.plusMillis(ms), type, data);
    }

    private static CallEvent trackerEvent(UUID callId, int seq, long ms, CallEventType type, Map<String, String> data) {
        return new CallEvent(CallIds.onceEventId(callId, type), callId, seq, T0.plusMillis(ms), type, data);
    }

    @ParameterizedTest(name = "tracker first: {0}")
    @ValueSource(booleans = {true, false})
    void ivrAndTrackerWritingTheSameCallMakeOneRowOneHangupAndATestCallOpensNoIncident(boolean trackerFirst) throws Exception {
        String uniqueid = "1765126800." + (trackerFirst ? 41 : 42);
        UUID callId = CallIds.forUniqueid(uniqueid);
        List<CallEvent> ivr = List.of(
                ivrEvent(callId, 0, 5, CallEventType.ARRIVED, Map.of("uniqueid", uniqueid, "linkedid", uniqueid,
                        "channel", "PJSIP/cu-monitor-01", "caller", "cu-monitor", "dialled", "911", "test", "true")),
                ivrEvent(callId, 1, 2_000, CallEventType.TRIAGED, Map.of("type", "FIRE", "district", "150101",
                        "districtSource", "KEYPAD", "callerClass", "NORMAL", "language", "es")),
                ivrEvent(callId, 2, 3_000, CallEventType.HUNG_UP, Map.of("cause", "16", "by", "caller", "uniqueid", uniqueid)));
        List<CallEvent> tracker = List.of(
                trackerEvent(callId, 0, 0, CallEventType.ARRIVED, Map.of("uniqueid", uniqueid, "linkedid", uniqueid,
                        "channel", "PJSIP/cu-monitor-01", "caller", "", "dialled", "", "test", "false")),
                trackerEvent(callId, 1_000_000 + 3_000 * 8 + 6, 3_001, CallEventType.HUNG_UP,
                        Map.of("cause", "0", "by", "system", "uniqueid", uniqueid)));
        List<CallEvent> order = new ArrayList<>(trackerFirst ? tracker : ivr);
        order.addAll(trackerFirst ? ivr : tracker);

        try (SpooledCallJournal journal = SpooledCallJournal.start(JournalSettings.defaults(tmp.resolve("spool"))
                .withIdlePoll(Duration.ofMillis(20)).withBatchSize(1), db.dataSource())) {
            order.forEach(journal::append); // batches of one: each writer's events reach PostgreSQL in this order
            await(() -> journal.stats().unshippedEvents() == 0, Duration.ofSeconds(30), "shipped");
        }

        try (Connection c = db.dataSource().getConnection()) {
            assertThat(single(c, "SELECT count(*) FROM call WHERE asterisk_uniqueid = ?", uniqueid)).isEqualTo(1);
            assertThat(single(c, "SELECT count(*) FROM call WHERE asterisk_uniqueid = ? AND test_call AND dialled_number = '911'"
                    + " AND ended_at IS NOT NULL", uniqueid)).isEqualTo(1);
            assertThat(single(c, "SELECT count(*) FROM call WHERE asterisk_uniqueid = ? AND incident_id IS NOT NULL", uniqueid))
                    .as("a test call opens no incident").isZero();
            assertThat(single(c, "SELECT count(*) FROM call_event e JOIN call k ON k.id = e.call_id"
                    + " WHERE k.asterisk_uniqueid = ? AND e.type = 'HUNG_UP'", uniqueid)).as("one HUNG_UP per hang-up").isEqualTo(1);
        }
    }

    private static long single(Connection c, String sql, String arg) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
