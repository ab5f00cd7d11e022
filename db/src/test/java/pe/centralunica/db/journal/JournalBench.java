package pe.centralunica.db.journal;

import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark (not a test): durable appends/s with many concurrent virtual-thread writers, end-to-end shipped
 * events/s into PostgreSQL, and a plain JDBC batch insert of the same rows, all in one run.
 *
 * <pre>
 * ./mvnw -q -B -o -pl db test-compile org.apache.maven.plugins:maven-dependency-plugin:3.7.0:build-classpath \
 *     -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * TEST_DB_URL=jdbc:postgresql://127.0.0.1:5432/test java -cp db/target/test-classes:db/target/classes:$(cat db/target/bench.classpath) \
 *     pe.centralunica.db.journal.JournalBench [-Dbench.calls=20000 -Dbench.writers=1000 -Dbench.batch=1000]
 * </pre>
 * (JVM options such as {@code -Dbench.calls} go before the class name.) Spool directory: {@code -Dbench.spool=DIR}
 * (default: a temporary directory, removed afterwards; put it on the disk you want to measure). Without
 * TEST_DB_URL, TestDatabases picks Testcontainers or embedded PostgreSQL.
 */
public final class JournalBench {

    private static final int EVENTS_PER_CALL = 8;

    public static void main(String[] args) throws Exception {
        int calls = Integer.getInteger("bench.calls", 20_000);
        int writers = Integer.getInteger("bench.writers", 1_000);
        int batch = Integer.getInteger("bench.batch", JournalSettings.DEFAULT_BATCH_SIZE);
        boolean tempSpool = System.getProperty("bench.spool") == null;
        Path spoolRoot = System.getProperty("bench.spool") != null ? Path.of(System.getProperty("bench.spool"))
                : Files.createTempDirectory("cu-journal-bench");
        int events = calls * EVENTS_PER_CALL;
        System.out.printf("Journal benchmark: %,d calls x %d events = %,d events, %,d concurrent virtual-thread "
                + "writers, shipping batches of %,d, spool in %s, %d CPUs%n", calls, EVENTS_PER_CALL, events, writers,
                batch, spoolRoot, Runtime.getRuntime().availableProcessors());

        try (Database db = TestDatabases.fresh(); Database rawDb = TestDatabases.fresh()) {
            System.out.printf("PostgreSQL: %s%n", TestDatabases.source());
            List<List<CallEvent>> warm = timelines(2_000, 0);
            run(db, spoolRoot.resolve("warmup"), warm, 200, batch, false);

            // 1. Spool only: the database is "down", so appends measure the local spool and group commit.
            List<List<CallEvent>> backlog = timelines(calls, 100_000);
            Result spoolOnly = run(db, spoolRoot.resolve("spool-only"), backlog, writers, batch, true);
            // 2. Live: writers append while the shipper ships; time until the last event is committed.
            List<List<CallEvent>> live = timelines(calls, 1_000_000);
            Result endToEnd = run(db, spoolRoot.resolve("live"), live, writers, batch, false);
            // 3. The same rows with a plain JDBC batch insert (no spool, no call-row derivation).
            Duration raw = rawBatchInsert(rawDb, timelines(calls, 2_000_000));

            System.out.println();
            System.out.printf("durable appends (spool only, DB down): %,10.0f events/s  (%,d fsyncs, %.0f events per fsync, "
                    + "append latency p50 %.2f ms, p99 %.2f ms)%n", rate(events, spoolOnly.appendTime),
                    spoolOnly.fsyncs, (double) events / spoolOnly.fsyncs, spoolOnly.p50Millis, spoolOnly.p99Millis);
            System.out.printf("backlog shipped after outage:           %,10.0f events/s  (%,d events in %d ms)%n",
                    rate(events, spoolOnly.shipTime), events, spoolOnly.shipTime.toMillis());
            System.out.printf("live: durable appends while shipping:  %,10.0f events/s  (%,d fsyncs; p50 %.2f ms, p99 %.2f ms)%n",
                    rate(events, endToEnd.appendTime), endToEnd.fsyncs, endToEnd.p50Millis, endToEnd.p99Millis);
            System.out.printf("live: end-to-end shipped to PostgreSQL: %,10.0f events/s  (last event committed %d ms after the first append)%n",
                    rate(events, endToEnd.appendTime.plus(endToEnd.shipTime)), endToEnd.appendTime.plus(endToEnd.shipTime).toMillis());
            System.out.printf("raw JDBC batch insert, same rows:       %,10.0f events/s  (%d ms; call rows + events, batches of 1,000)%n",
                    rate(events, raw), raw.toMillis());
            verify(db, events * 2L + warm.size() * (long) EVENTS_PER_CALL);
        }
        if (tempSpool) {
            deleteTree(spoolRoot);
        }
    }

    private record Result(Duration appendTime, Duration shipTime, long fsyncs, double p50Millis, double p99Millis) {
    }

    private static Result run(Database db, Path spool, List<List<CallEvent>> calls, int writers, int batch,
                              boolean dbDownWhileAppending)
            throws Exception {
        SwitchableDataSource ds = new SwitchableDataSource(db.dataSource());
        if (dbDownWhileAppending) {
            ds.down();
        }
        JournalSettings settings = JournalSettings.defaults(spool).withIdlePoll(Duration.ofMillis(5))
                .withBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).withBatchSize(batch);
        List<CallEvent> all = calls.stream().flatMap(List::stream).toList();
        long[] latencies = new long[all.size()];
        try (SpooledCallJournal journal = SpooledCallJournal.start(settings, ds)) {
            AtomicInteger next = new AtomicInteger();
            long start = System.nanoTime();
            // Each writer takes the next event; events of a call keep their order within a writer only loosely,
            // which the journal does not depend on (seq orders the timeline).
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < writers; w++) {
                    threads.submit(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < all.size()) {
                            long t = System.nanoTime();
                            journal.append(all.get(i));
                            latencies[i] = System.nanoTime() - t;
                        }
                    });
                }
            }
            Duration appendTime = Duration.ofNanos(System.nanoTime() - start);
            long shipStart = System.nanoTime();
            ds.up();
            while (journal.stats().unshippedEvents() > 0) {
                Thread.sleep(1);
            }
            Duration shipTime = Duration.ofNanos(System.nanoTime() - shipStart);
            Arrays.sort(latencies);
            return new Result(appendTime, shipTime, journal.stats().fsyncs(),
                    latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6);
        }
    }

    private static Duration rawBatchInsert(Database db, List<List<CallEvent>> calls) throws Exception {
        long start = System.nanoTime();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement call = c.prepareStatement(
                    "INSERT INTO call (id, asterisk_uniqueid, arrived_at, caller_number, dialled_number) VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement event = c.prepareStatement(
                         "INSERT INTO call_event (event_id, call_id, seq, at, type, data) VALUES (?, ?, ?, ?, ?, ?::jsonb)")) {
                int pending = 0;
                for (List<CallEvent> timeline : calls) {
                    CallEvent arrived = timeline.getFirst();
                    call.setObject(1, arrived.callId());
                    call.setString(2, arrived.data().get("uniqueid"));
                    call.setObject(3, OffsetDateTime.ofInstant(arrived.at(), ZoneOffset.UTC));
                    call.setString(4, arrived.data().get("caller"));
                    call.setString(5, arrived.data().get("dialled"));
                    call.addBatch();
                    for (CallEvent e : timeline) {
                        event.setObject(1, e.eventId());
                        event.setObject(2, e.callId());
                        event.setInt(3, e.seq());
                        event.setObject(4, OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC));
                        event.setString(5, e.type().name());
                        event.setString(6, JsonText.object(e.data()));
                        event.addBatch();
                        pending++;
                    }
                    if (pending >= 1_000) {
                        call.executeBatch();
                        event.executeBatch();
                        c.commit();
                        pending = 0;
                    }
                }
                call.executeBatch();
                event.executeBatch();
                c.commit();
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void verify(Database db, long expectedEvents) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM call_event), "
                     + "(SELECT count(*) FROM call WHERE outcome = 'ANSWERED' AND ended_at IS NOT NULL)")) {
            rs.next();
            System.out.printf("check: %,d events in PostgreSQL (expected %,d), %,d answered call rows complete%n",
                    rs.getLong(1), expectedEvents, rs.getLong(2));
        }
    }

    private static List<List<CallEvent>> timelines(int calls, int firstNumber) {
        Instant t0 = Instant.now().minusSeconds(3_600);
        List<List<CallEvent>> out = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            out.add(TestCall.at(t0.plusMillis(i), firstNumber + i).answeredTimeline("MEDICAL", "150122"));
        }
        return out;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static double rate(long events, Duration d) {
        return events / (d.toNanos() / 1e9);
    }

}
