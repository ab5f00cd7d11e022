package pe.centralunica.router.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.Database;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.journal.CallIds;
import pe.centralunica.db.testing.TestDatabases;

/** The steps a takeover reads back: the tracker's rows of the asked calls only, with who and Asterisk time. */
class JdbcStepsOnRecordTest {
    private Database db;

    @BeforeEach
    void start() {
        db = TestDatabases.fresh();
    }

    @AfterEach
    void stop() {
        db.close();
    }

    private void row(UUID call, int seq, String type, String at, String data) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO call_event (event_id, call_id, seq, at, type, data) VALUES (?, ?, ?, ?::timestamptz, ?, ?::jsonb)")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, call);
            ps.setInt(3, seq);
            ps.setString(4, at);
            ps.setString(5, type);
            ps.setString(6, data);
            ps.executeUpdate();
        }
    }

    private void call(UUID id, String uniqueid) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO call (id, asterisk_uniqueid, arrived_at) VALUES (?, ?, now())")) {
            ps.setObject(1, id);
            ps.setString(2, uniqueid);
            ps.executeUpdate();
        }
    }

    @Test
    void readsTheTrackersStepsOfTheAskedCallsWithTheirQueueOrMemberAndTime() throws Exception {
        UUID asked = CallIds.forUniqueid("1796000000.1");
        UUID other = CallIds.forUniqueid("1796000000.2");
        call(asked, "1796000000.1");
        call(other, "1796000000.2");
        row(asked, 3, "TRIAGED", "2026-12-07T20:00:01Z", "{}"); // the IVR's: not the tracker's
        row(asked, 1_000_025, "QUEUE_JOINED", "2026-12-07T20:00:03.25Z", "{\"queue\":\"cic-sc\"}");
        row(asked, 1_000_034, "AGENT_RUNG", "2026-12-07T20:00:03.3Z", "{\"member\":\"PJSIP/disp-01\"}");
        row(asked, 1_000_043, "ANSWERED", "2026-12-07T20:00:09Z", "{\"by\":\"PJSIP/disp-01\"}");
        row(asked, 9, "HUNG_UP", "2026-12-07T20:01:00Z", "{\"by\":\"caller\"}"); // the IVR's, same id as the tracker's
        row(other, 1_000_025, "QUEUE_JOINED", "2026-12-07T20:00:04Z", "{\"queue\":\"cic-sc\"}");

        Map<UUID, List<StepsOnRecord.Step>> read = new JdbcStepsOnRecord(db.dataSource()).of(List.of(asked, UUID.randomUUID()));

        double t = java.time.Instant.parse("2026-12-07T20:00:00Z").getEpochSecond();
        assertThat(read).containsOnlyKeys(asked);
        assertThat(read.get(asked)).containsExactlyInAnyOrder(
                new StepsOnRecord.Step(CallEventType.QUEUE_JOINED, t + 3.25, "cic-sc"),
                new StepsOnRecord.Step(CallEventType.AGENT_RUNG, t + 3.3, "PJSIP/disp-01"),
                new StepsOnRecord.Step(CallEventType.ANSWERED, t + 9, "PJSIP/disp-01"),
                new StepsOnRecord.Step(CallEventType.HUNG_UP, t + 60, ""));
        assertThat(new JdbcStepsOnRecord(db.dataSource()).of(List.of())).isEmpty();
    }
}
