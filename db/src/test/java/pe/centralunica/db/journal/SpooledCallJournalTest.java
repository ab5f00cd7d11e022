package pe.centralunica.db.journal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal end to end: spool on disk, shipper, real PostgreSQL. */
class SpooledCallJournalTest {

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

    private static final Instant T0 = Instant.parse("2026-11-22T03:15:00.250Z");

    private JournalSettings settings(Path dir) {
        return JournalSettings.defaults(dir)
                .withSegmentBytes(16 * 1024)
                .withBatchSize(50)
                .withIdlePoll(Duration.ofMillis(20))
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
                .withCloseTimeout(Duration.ofSeconds(5));
    }

    @Test
    void fullCallTimelineBecomesACallRowWithEveryTimestampAndOpensAnIncident() throws Exception {
        TestCall call = TestCall.at(T0, 1);
        try (SpooledCallJournal journal = SpooledCallJournal.start(settings(tmp), db.dataSource())) {
            call.answeredTimeline("MEDICAL", "150122").forEach(journal::append);
            awaitShipped(journal);
        }

        Map<String, Object> row = callRow(call.id);
        assertThat(row).containsEntry("asterisk_uniqueid", call.uniqueid)
                .containsEntry("asterisk_linkedid", call.uniqueid)
                .containsEntry("channel", "PJSIP/trunk-0000001")
                .containsEntry("caller_number", "987654321")
                .containsEntry("dialled_number", "911")
                .containsEntry("test_call", false)
                .containsEntry("language", "es")
                .containsEntry("caller_class", "NORMAL")
                .containsEntry("emergency_type_code", "MEDICAL")
                .containsEntry("district_ubigeo", "150122")
                .containsEntry("district_source", "TRUNK")
                .containsEntry("rule_id", 7L)
                .containsEntry("answered_by", "disp-101")
                .containsEntry("outcome", "ANSWERED")
                .containsEntry("hangup_cause", "16")
                .containsEntry("prank", false)
                .containsEntry("arrived_at", T0)
                .containsEntry("triaged_at", T0.plusMillis(2_100))
                .containsEntry("routed_at", T0.plusMillis(2_110))
                .containsEntry("answered_at", T0.plusMillis(9_000))
                .containsEntry("ended_at", T0.plusMillis(60_000));
        assertThat(eventCount(List.of(call.id))).isEqualTo(8);
        Map<String, Object> incident = incidentOf(call.id);
        assertThat(incident).containsEntry("status", "NEW")
                .containsEntry("emergency_type_code", "MEDICAL")
                .containsEntry("priority", 1)
                .containsEntry("district_ubigeo", "150122");
        assertThat(eventData(call.id, 3)).contains("\"district\": \"150122\"");
    }

    @Test
    void panicButtonCallOpensATopPriorityIncidentEvenForALowPriorityType() throws Exception {
        TestCall call = TestCall.at(T0, 2);
        try (SpooledCallJournal journal = SpooledCallJournal.start(settings(tmp), db.dataSource())) {
            journal.append(call.arrived());
            journal.append(call.event(100, CallEventType.TRIAGED, Map.of("type", "PUBLIC_SERVICES",
                    "district", "150131", "districtSource", "PANIC_BUTTON", "callerClass", "PANIC", "language", "es")));
            journal.append(call.event(5_000, CallEventType.HUNG_UP, Map.of("cause", "16")));
            awaitShipped(journal);
        }

        assertThat(incidentOf(call.id)).containsEntry("priority", 1).containsEntry("emergency_type_code", "PUBLIC_SERVICES");
        assertThat(callRow(call.id)).containsEntry("outcome", "ABANDONED");
    }

    @Test
    void unknownDistrictAndTypeAreStoredInTheEventButLeaveTheRowColumnEmpty() throws Exception {
        TestCall bad = TestCall.at(T0, 3);
        TestCall good = TestCall.at(T0, 4);
        try (SpooledCallJournal journal = SpooledCallJournal.start(settings(tmp), db.dataSource())) {
            journal.append(bad.arrived());
            journal.append(bad.event(100, CallEventType.TRIAGED, Map.of("type", "ALIENS", "district", "999999",
                    "districtSource", "GUESS", "callerClass", "VIP", "panicDevice", "nope")));
            journal.append(bad.event(200, CallEventType.ROUTE_DECIDED, Map.of("ruleId", "seven")));
            journal.append(bad.event(300, CallEventType.INCIDENT_LINKED, Map.of("incidentId", "987654321")));
            good.answeredTimeline("CRIME", "150101").forEach(journal::append);
            awaitShipped(journal);
        }

        assertThat(eventCount(List.of(bad.id, good.id))).isEqualTo(4 + 8);
        assertThat(eventData(bad.id, 1)).contains("\"district\": \"999999\"", "\"type\": \"ALIENS\"");
        Map<String, Object> row = callRow(bad.id);
        assertThat(row.get("district_ubigeo")).isNull();
        assertThat(row.get("emergency_type_code")).isNull();
        assertThat(row.get("district_source")).isNull();
        assertThat(row.get("caller_class")).isNull();
        assertThat(row.get("panic_device_id")).isNull();
        assertThat(row.get("rule_id")).isNull();
        assertThat(row.get("triaged_at")).isEqualTo(T0.plusMillis(100));
        assertThat(incidentOf(bad.id)).containsEntry("emergency_type_code", "UNKNOWN");
        assertThat(callRow(good.id)).containsEntry("district_ubigeo", "150101").containsEntry("outcome", "ANSWERED");
    }

    @Test
    void eventsAppendedWhileTheDatabaseIsDownAllArriveExactlyOnceWhenItReturns() throws Exception {
        SwitchableDataSource ds = new SwitchableDataSource(db.dataSource());
        List<TestCall> calls = Stream.iterate(0, i -> i + 1).limit(200).map(i -> TestCall.at(T0, 1_000 + i)).toList();
        try (SpooledCallJournal journal = SpooledCallJournal.start(settings(tmp), ds)) {
            ds.down();
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (TestCall call : calls) {
                    threads.submit(() -> call.answeredTimeline("FIRE", "150110").forEach(journal::append));
                }
            }
            await(() -> journal.stats().outageSince().isPresent(), "outage noticed");
            JournalStats during = journal.stats();
            assertThat(during.unshippedEvents()).isEqualTo(200 * 8);
            assertThat(during.lastError()).hasValueSatisfying(e -> assertThat(e).contains("simulated outage"));
            assertThat(during.oldestUnshippedAge()).isPositive();
            Duration waited = journal.shipDelay();
            assertThat(waited).as("the spooled events wait for PostgreSQL").isPositive();
            Thread.sleep(100);
            assertThat(journal.shipDelay()).as("and the wait grows while it is down").isGreaterThan(waited);
            assertThat(eventCount(ids(calls))).isZero();

            ds.up();
            awaitShipped(journal);
            assertThat(journal.stats().outageSince()).isEmpty();
            assertThat(journal.stats().shippedTotal()).isEqualTo(200 * 8);
            assertThat(journal.shipDelay()).as("caught up: nothing waits").isZero();
        }

        assertThat(eventCount(ids(calls))).isEqualTo(200 * 8);
        assertThat(distinctSeqsPerCall(ids(calls))).hasSize(200).containsOnly(8L);
        assertThat(countWhere("SELECT count(*) FROM call WHERE id = ANY(?::uuid[]) AND outcome = 'ANSWERED' "
                + "AND ended_at IS NOT NULL AND incident_id IS NOT NULL", ids(calls))).isEqualTo(200);
    }

    @Test
    void databaseGoingDownAndComingBackInTheMiddleOfAStreamLosesAndDuplicatesNothing() throws Exception {
        SwitchableDataSource ds = new SwitchableDataSource(db.dataSource());
        List<TestCall> calls = Stream.iterate(0, i -> i + 1).limit(300).map(i -> TestCall.at(T0, 7_000 + i)).toList();
        AtomicInteger appended = new AtomicInteger();
        try (SpooledCallJournal journal = SpooledCallJournal.start(settings(tmp), ds);
             var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Consumer<List<TestCall>> stream = part -> part.forEach(call -> threads.submit(() ->
                    call.answeredTimeline("MEDICAL", "130105").forEach(e -> {
                        journal.append(e);
                        appended.incrementAndGet();
                    })));
            stream.accept(calls.subList(0, 100));
            await(() -> appended.get() >= 300, "first events appended");
            ds.down();
            stream.accept(calls.subList(100, 200));
            await(() -> journal.stats().outageSince().isPresent(), "outage noticed");
            stream.accept(calls.subList(200, 300));
            ds.up();
            threads.close();
            awaitShipped(journal);
        }

        assertThat(appended.get()).isEqualTo(300 * 8);
        assertThat(eventCount(ids(calls))).isEqualTo(300 * 8);
        assertThat(countWhere("SELECT count(*) FROM call WHERE id = ANY(?::uuid[]) AND outcome = 'ANSWERED' "
                + "AND incident_id IS NOT NULL", ids(calls))).isEqualTo(300);
    }

    @Test
    void restartAfterACrashShipsWhatWasLeftOnceAndDropsTheTornRecord() throws Exception {
        SwitchableDataSource ds = new SwitchableDataSource(db.dataSource());
        List<TestCall> calls = Stream.iterate(0, i -> i + 1).limit(20).map(i -> TestCall.at(T0, 2_000 + i)).toList();
        JournalSettings settings = settings(tmp).withCloseTimeout(Duration.ofMillis(200));
        try (SpooledCallJournal journal = SpooledCallJournal.start(settings, ds)) {
            calls.subList(0, 10).forEach(c -> c.answeredTimeline("CRIME", "150103").forEach(journal::append));
            awaitShipped(journal);
            ds.down();
            calls.subList(10, 20).forEach(c -> c.answeredTimeline("CRIME", "150103").forEach(journal::append));
        }
        assertThat(eventCount(ids(calls))).isEqualTo(10 * 8);
        // The crash: a record half-written when the power went.
        TestCall torn = TestCall.at(T0, 2_999);
        Path lastSegment;
        try (Stream<Path> files = Files.list(tmp)) {
            lastSegment = files.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted()
                    .filter(p -> p.toFile().length() > 0).reduce((a, b) -> b).orElseThrow();
        }
        ByteBuffer frame = RecordFrame.frame(EventCodec.encode(torn.arrived()));
        try (var ch = Files.newByteChannel(lastSegment, StandardOpenOption.APPEND)) {
            ch.write(frame.limit(frame.limit() - 7));
        }

        try (SpooledCallJournal reopened = SpooledCallJournal.start(settings(tmp), ds)) {
            assertThat(reopened.stats().unshippedEvents()).isEqualTo(10 * 8);
            ds.up();
            awaitShipped(reopened);
            assertThat(reopened.stats().shippedTotal()).isEqualTo(10 * 8);
        }

        assertThat(eventCount(ids(calls))).isEqualTo(20 * 8);
        assertThat(eventCount(List.of(torn.id))).isZero();
        assertThat(countWhere("SELECT count(*) FROM call WHERE id = ANY(?::uuid[]) AND outcome = 'ANSWERED'",
                ids(calls))).isEqualTo(20);
    }

    @Test
    void eventFromAnotherNodeThatReachesPostgresFirstIsKeptAndArrivedCompletesTheRow() throws Exception {
        TestCall call = TestCall.at(T0, 3_000);
        List<CallEvent> nodeA = new ArrayList<>();
        nodeA.add(call.arrived());
        nodeA.add(call.event(2_000, CallEventType.TRIAGED, Map.of("type", "TRAFFIC", "district", "070101",
                "districtSource", "DTMF", "callerClass", "NORMAL", "language", "en")));
        nodeA.add(call.event(2_010, CallEventType.ROUTE_DECIDED, Map.of("ruleId", "12")));
        nodeA.add(call.event(2_020, CallEventType.TARGET_TRIED, Map.of("step", "1", "target", "Q-PNP")));
        nodeA.add(call.event(32_020, CallEventType.TARGET_FAILED, Map.of("step", "1", "status", "TIMEOUT")));
        // After a failover, route-next runs on node B and continues the numbering.
        List<CallEvent> nodeB = List.of(
                call.eventAt(5, 32_100, CallEventType.TARGET_TRIED, Map.of("step", "2", "uniqueid", call.uniqueid)),
                call.eventAt(6, 40_000, CallEventType.ANSWERED, Map.of("by", "disp-200", "uniqueid", call.uniqueid)),
                call.eventAt(7, 90_000, CallEventType.HUNG_UP, Map.of("cause", "16", "uniqueid", call.uniqueid)));

        try (SpooledCallJournal b = SpooledCallJournal.start(settings(tmp.resolve("node-b")), db.dataSource())) {
            nodeB.forEach(b::append);
            awaitShipped(b);
        }
        Map<String, Object> placeholder = callRow(call.id);
        assertThat(placeholder).containsEntry("asterisk_uniqueid", call.uniqueid)
                .containsEntry("outcome", "ANSWERED")
                .containsEntry("arrived_at", T0.plusMillis(32_100));
        assertThat(placeholder.get("caller_number")).isNull();

        try (SpooledCallJournal a = SpooledCallJournal.start(settings(tmp.resolve("node-a")), db.dataSource())) {
            nodeA.forEach(a::append);
            awaitShipped(a);
        }

        assertThat(eventCount(List.of(call.id))).isEqualTo(8);
        assertThat(callRow(call.id)).containsEntry("arrived_at", T0)
                .containsEntry("caller_number", "987654321")
                .containsEntry("language", "en")
                .containsEntry("emergency_type_code", "TRAFFIC")
                .containsEntry("district_ubigeo", "070101")
                .containsEntry("rule_id", 12L)
                .containsEntry("answered_by", "disp-200")
                .containsEntry("answered_at", T0.plusMillis(40_000))
                .containsEntry("ended_at", T0.plusMillis(90_000))
                .containsEntry("outcome", "ANSWERED");
        assertThat(incidentOf(call.id)).containsEntry("emergency_type_code", "TRAFFIC");
    }

    @Test
    void twoNodesShippingTheSameCallsAtOnceLoseNoUpdateOfTheCallRow() throws Exception {
        List<TestCall> calls = Stream.iterate(0, i -> i + 1).limit(100).map(i -> TestCall.at(T0, 6_000 + i)).toList();
        List<List<CallEvent>> timelines = calls.stream().map(c -> c.answeredTimeline("CRIME", "150140")).toList();
        SwitchableDataSource ds = new SwitchableDataSource(db.dataSource());
        try (SpooledCallJournal a = SpooledCallJournal.start(settings(tmp.resolve("a")).withBatchSize(1_000), ds);
             SpooledCallJournal b = SpooledCallJournal.start(settings(tmp.resolve("b")).withBatchSize(1_000), ds)) {
            timelines.forEach(t -> a.append(t.getFirst()));
            awaitShipped(a);
            // Both nodes hold the rest of every call and ship it the moment the database is back: two
            // transactions updating the same 100 call rows at once.
            ds.down();
            for (int i = 0; i < calls.size(); i++) {
                timelines.get(i).subList(1, 5).forEach(a::append);
                String uniqueid = calls.get(i).uniqueid;
                timelines.get(i).subList(5, 8).stream().map(e -> withUniqueid(e, uniqueid)).forEach(b::append);
            }
            await(() -> a.stats().outageSince().isPresent() && b.stats().outageSince().isPresent(), "outage seen by both");
            ds.up();
            awaitShipped(a);
            awaitShipped(b);
        }

        assertThat(eventCount(ids(calls))).isEqualTo(100 * 8);
        assertThat(countWhere("SELECT count(*) FROM call WHERE id = ANY(?::uuid[]) AND outcome = 'ANSWERED' "
                + "AND caller_number = '987654321' AND rule_id = 7 AND ended_at IS NOT NULL "
                + "AND emergency_type_code = 'CRIME' AND incident_id IS NOT NULL", ids(calls))).isEqualTo(100);
    }

    private static CallEvent withUniqueid(CallEvent e, String uniqueid) {
        Map<String, String> data = new HashMap<>(e.data());
        data.put("uniqueid", uniqueid);
        return new CallEvent(e.eventId(), e.callId(), e.seq(), e.at(), e.type(), data);
    }

    @Test
    void reshippingAfterTheCheckpointWriteWasLostDuplicatesNothing() throws Exception {
        List<TestCall> calls = Stream.iterate(0, i -> i + 1).limit(30).map(i -> TestCall.at(T0, 4_000 + i)).toList();
        Path checkpointBefore = tmp.resolve("checkpoint-before");
        // One segment: the journal deletes a segment only after its checkpoint write is durable, so a lost
        // checkpoint write always leaves the segment in place.
        JournalSettings oneSegment = settings(tmp.resolve("spool")).withSegmentBytes(JournalSettings.DEFAULT_SEGMENT_BYTES);
        try (SpooledCallJournal journal = SpooledCallJournal.start(oneSegment, db.dataSource())) {
            calls.getFirst().answeredTimeline("MEDICAL", "130101").forEach(journal::append);
            awaitShipped(journal);
            Files.copy(tmp.resolve("spool/checkpoint"), checkpointBefore);
            calls.subList(1, 30).forEach(c -> c.answeredTimeline("MEDICAL", "130101").forEach(journal::append));
            awaitShipped(journal);
        }
        Map<String, Object> rowBefore = callRow(calls.get(7).id);
        long incidentsBefore = countWhere("SELECT count(*) FROM incident i JOIN call c ON c.incident_id = i.id "
                + "WHERE c.id = ANY(?::uuid[])", ids(calls));
        long allIncidentsBefore = countWhere("SELECT count(*) FROM incident", List.of());
        // The checkpoint write of the later batches never reached the disk.
        Files.copy(checkpointBefore, tmp.resolve("spool/checkpoint"), StandardCopyOption.REPLACE_EXISTING);

        SwitchableDataSource ds = new SwitchableDataSource(db.dataSource());
        ds.down();
        try (SpooledCallJournal again = SpooledCallJournal.start(oneSegment, ds)) {
            assertThat(again.stats().unshippedEvents()).isEqualTo(29 * 8);
            ds.up();
            awaitShipped(again);
            assertThat(again.stats().shippedTotal()).isEqualTo(29 * 8);
        }

        assertThat(eventCount(ids(calls))).isEqualTo(30 * 8);
        assertThat(callRow(calls.get(7).id)).isEqualTo(rowBefore);
        assertThat(incidentsBefore).isEqualTo(30);
        assertThat(countWhere("SELECT count(*) FROM incident WHERE id IN "
                + "(SELECT incident_id FROM call WHERE id = ANY(?::uuid[]))", ids(calls))).isEqualTo(30);
        assertThat(countWhere("SELECT count(*) FROM incident", List.of())).isEqualTo(allIncidentsBefore);
    }

    @Test
    void twoEventsClaimingTheSameSeqAreBothKept() throws Exception {
        TestCall call = TestCall.at(T0, 5_000);
        try (SpooledCallJournal journal = SpooledCallJournal.start(settings(tmp), db.dataSource())) {
            journal.append(call.arrived());
            journal.append(call.eventAt(1, 100, CallEventType.NOTE, Map.of("text", "first")));
            awaitShipped(journal);
            journal.append(call.eventAt(1, 200, CallEventType.NOTE, Map.of("text", "second")));
            awaitShipped(journal);
        }

        assertThat(eventCount(List.of(call.id))).isEqualTo(3);
        assertThat(eventData(call.id, 2)).contains("\"originalSeq\": \"1\"", "second");
    }

    // ---------------------------------------------------------------------------------------------------

    private static void awaitShipped(SpooledCallJournal journal) {
        await(() -> journal.stats().unshippedEvents() == 0, "spool shipped");
    }

    /** Polls a condition (the shipper runs on its own thread); the deadline only guards against a hang. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    private static List<UUID> ids(List<TestCall> calls) {
        return calls.stream().map(c -> c.id).toList();
    }

    private static long eventCount(Collection<UUID> callIds) throws SQLException {
        return countWhere("SELECT count(*) FROM call_event WHERE call_id = ANY(?::uuid[])", callIds);
    }

    private static List<Long> distinctSeqsPerCall(Collection<UUID> callIds) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT seq) FROM call_event "
                     + "WHERE call_id = ANY(?::uuid[]) GROUP BY call_id")) {
            ps.setArray(1, c.createArrayOf("text", callIds.stream().map(UUID::toString).toArray()));
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    private static long countWhere(String sql, Collection<UUID> callIds) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (sql.contains("?")) {
                ps.setArray(1, c.createArrayOf("text", callIds.stream().map(UUID::toString).toArray()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String eventData(UUID callId, int seq) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT data::text FROM call_event WHERE call_id = ? AND seq = ?")) {
            ps.setObject(1, callId);
            ps.setInt(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("event %s of call %s stored", seq, callId).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static Map<String, Object> callRow(UUID id) throws SQLException {
        return row("SELECT * FROM call WHERE id = ?", id);
    }

    private static Map<String, Object> incidentOf(UUID callId) throws SQLException {
        return row("SELECT i.* FROM incident i JOIN call c ON c.incident_id = i.id WHERE c.id = ?", callId);
    }

    private static Map<String, Object> row(String sql, UUID id) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row for %s", id).isTrue();
                Map<String, Object> out = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.sql.Timestamp) {
                        v = rs.getObject(i, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.MICROS);
                    } else if (v instanceof Short s) {
                        v = s.intValue();
                    }
                    out.put(rs.getMetaData().getColumnLabel(i), v);
                }
                return out;
            }
        }
    }
}
