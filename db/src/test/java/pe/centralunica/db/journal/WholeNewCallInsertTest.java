package pe.centralunica.db.journal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.DelegatingDataSource;
import pe.centralunica.db.testing.TestDatabases;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static pe.centralunica.db.journal.JournalTestSupport.await;

/**
 * A new call whose whole timeline is in one batch is inserted whole (issue 16: no placeholder row updated in
 * the same transaction, no read-back of the events just written) and its row is the one the general path
 * derives from the stored timeline; a call another shipper inserts meanwhile is merged, not doubled.
 */
class WholeNewCallInsertTest {

    private static final Instant T0 = Instant.parse("2026-12-07T20:00:00Z");
    private static Database db;

    @BeforeAll
    static void database() {
        db = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void aNewCallShippedWholeIsWrittenOnceAndRowsMatchTheStoredTimelinePath() throws Exception {
        StatementLog log = new StatementLog(db.dataSource());
        PostgresEventSink sink = new PostgresEventSink(log);
        TestCall whole = TestCall.at(T0, 1);
        TestCall inParts = TestCall.at(T0, 2);
        List<CallEvent> wholeTimeline = whole.answeredTimeline("MEDICAL", "150101");
        List<CallEvent> partsTimeline = inParts.answeredTimeline("MEDICAL", "150101");

        sink.ship(wholeTimeline, true);
        List<String> wholeSql = log.takeAll();
        sink.ship(partsTimeline.subList(0, 1), true);
        sink.ship(partsTimeline.subList(1, partsTimeline.size()), true);
        List<String> partsSql = log.takeAll();

        assertThat(wholeSql).noneMatch(sql -> sql.contains("UPDATE call "))
                .noneMatch(sql -> sql.contains("FROM call_event WHERE call_id"))
                .anyMatch(sql -> sql.contains("INSERT INTO call (id, asterisk_uniqueid, asterisk_linkedid"));
        // the same timeline arriving in two batches takes the general path: its row is read back and updated
        assertThat(partsSql).anyMatch(sql -> sql.contains("UPDATE call "))
                .anyMatch(sql -> sql.contains("FROM call_event WHERE call_id"));

        Map<String, Object> a = row(whole.id);
        Map<String, Object> b = row(inParts.id);
        assertThat(a.get("incident_id")).isNotNull().isNotEqualTo(b.get("incident_id"));
        assertThat(b.get("incident_id")).isNotNull();
        for (String volatileColumn : List.of("id", "asterisk_uniqueid", "asterisk_linkedid", "incident_id")) {
            a.remove(volatileColumn);
            b.remove(volatileColumn);
        }
        assertThat(a).isEqualTo(b).containsEntry("outcome", "ANSWERED").containsEntry("answered_by", "disp-101")
                .containsEntry("emergency_type_code", "MEDICAL").containsEntry("district_ubigeo", "150101");
        assertThat(incident(whole.id)).isEqualTo(incident(inParts.id));
        assertThat(eventCount(whole.id)).isEqualTo(wholeTimeline.size());
    }

    @Test
    void aTestCallAndARepeatedSeqAreStoredAsBeforeAndTheRowsOfABatchKeepTheirOwnIncidents() throws Exception {
        PostgresEventSink sink = new PostgresEventSink(db.dataSource());
        TestCall monitor = TestCall.at(T0, 3);
        TestCall twice = TestCall.at(T0, 4);
        TestCall plain = TestCall.at(T0, 5);
        List<CallEvent> batch = new ArrayList<>();
        batch.add(monitor.event(0, CallEventType.ARRIVED, Map.of("uniqueid", monitor.uniqueid, "caller", "cu-monitor",
                "dialled", "911", "test", "true")));
        batch.add(monitor.event(900, CallEventType.TRIAGED, Map.of("type", "FIRE", "callerClass", "NORMAL")));
        batch.add(twice.arrived());
        batch.add(twice.eventAt(0, 10, CallEventType.NOTE, Map.of("text", "a second writer numbered this 0")));
        batch.addAll(plain.answeredTimeline("FIRE", "150122"));

        sink.ship(batch, true);

        assertThat(row(monitor.id)).containsEntry("test_call", true).containsEntry("incident_id", null);
        assertThat(eventCount(twice.id)).isEqualTo(2); // the colliding one is kept at the end, not lost
        assertThat(row(twice.id)).containsEntry("caller_number", "987654321").containsEntry("incident_id", null);
        assertThat(incident(plain.id)).containsEntry("emergency_type_code", "FIRE").containsEntry("district_ubigeo", "150122");
    }

    @Test
    void aCallAnotherShipperInsertsMeanwhileIsMergedWithOneIncidentAndNoOrphan() throws Exception {
        TestCall call = TestCall.at(T0, 6);
        List<CallEvent> ivr = call.answeredTimeline("CRIME", "150101").subList(0, 5); // arrived … route decided
        long incidentsBefore = scalar("SELECT count(*) FROM incident");
        try (Connection other = db.dataSource().getConnection()) {
            // Another node's shipper: the tracker's arrival of the same call, not yet committed.
            other.setAutoCommit(false);
            try (PreparedStatement ps = other.prepareStatement("INSERT INTO call (id, asterisk_uniqueid, arrived_at, channel)"
                    + " VALUES (?, ?, ?, 'PJSIP/from-tracker')")) {
                ps.setObject(1, call.id);
                ps.setString(2, call.uniqueid);
                ps.setObject(3, java.sql.Timestamp.from(T0.minusMillis(40)));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = other.prepareStatement("INSERT INTO call_event (event_id, call_id, seq, at, type, data)"
                    + " VALUES (?, ?, 1000000, ?, 'ARRIVED', ?::jsonb)")) {
                ps.setObject(1, CallIds.onceEventId(call.id, CallEventType.ARRIVED));
                ps.setObject(2, call.id);
                ps.setObject(3, java.sql.Timestamp.from(T0.minusMillis(40)));
                ps.setString(4, "{\"uniqueid\":\"" + call.uniqueid + "\",\"channel\":\"PJSIP/from-tracker\"}");
                ps.executeUpdate();
            }

            PostgresEventSink sink = new PostgresEventSink(db.dataSource());
            CompletableFuture<Void> shipping = CompletableFuture.runAsync(() -> {
                try {
                    sink.ship(ivr, true);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await(() -> scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    + " AND query LIKE 'INSERT INTO call (id, asterisk_uniqueid, asterisk_linkedid%'") == 1,
                    Duration.ofSeconds(10), "the whole insert waits for the other shipper's row");
            other.commit();
            shipping.get(10, TimeUnit.SECONDS);
        }

        Map<String, Object> row = row(call.id);
        assertThat(row).containsEntry("emergency_type_code", "CRIME").containsEntry("caller_number", "987654321")
                .containsEntry("arrived_at", java.sql.Timestamp.from(T0.minusMillis(40)).toInstant().toString());
        assertThat(row.get("incident_id")).isNotNull();
        assertThat(eventCount(call.id)).isEqualTo(ivr.size() + 1);
        assertThat(scalar("SELECT count(*) FROM incident") - incidentsBefore).isEqualTo(1);
        assertThat(scalar("SELECT count(*) FROM incident i WHERE NOT EXISTS (SELECT 1 FROM call c WHERE c.incident_id = i.id)"))
                .isZero();
    }

    private static Map<String, Object> row(UUID id) throws SQLException {
        return query("SELECT * FROM call WHERE id = '" + id + "'");
    }

    private static Map<String, Object> incident(UUID callId) throws SQLException {
        return query("SELECT i.emergency_type_code, i.priority, i.district_ubigeo, i.status, i.created_at FROM incident i"
                + " JOIN call c ON c.incident_id = i.id WHERE c.id = '" + callId + "'");
    }

    private static long eventCount(UUID callId) throws SQLException {
        return JournalTestSupport.eventCount(db, List.of(callId));
    }

    private static long scalar(String sql) {
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One row as column → value; timestamps as ISO instants so rows compare by value. */
    private static Map<String, Object> query(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).as("a row for %s", sql).isTrue();
            Map<String, Object> out = new LinkedHashMap<>();
            for (int k = 1; k <= rs.getMetaData().getColumnCount(); k++) {
                Object v = rs.getObject(k);
                out.put(rs.getMetaData().getColumnName(k), v instanceof java.sql.Timestamp t ? t.toInstant().toString() : v);
            }
            return out;
        }
    }

    /** Records the SQL of every statement the sink prepares. */
    private static final class StatementLog extends DelegatingDataSource {
        private final List<String> sql = new CopyOnWriteArrayList<>();

        StatementLog(javax.sql.DataSource real) {
            super(real);
        }

        List<String> takeAll() {
            List<String> out = List.copyOf(sql);
            sql.clear();
            return out;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = real.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement")) {
                            sql.add(((String) args[0]).replaceAll("\\s+", " "));
                        }
                        try {
                            return method.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
