package pe.centralunica.db.journal;

import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Would SQLite (sqlite-jdbc, WAL, synchronous=FULL) serve better than the hand-written spool? Same workload for
 * both, same process: {@code bench.writers} virtual threads appending {@code bench.events} call events in all,
 * each append returning once durable. The spool is the real {@link SpooledCallJournal} (PostgreSQL "down", so
 * only spooling is measured); SQLite gets the same group commit (one writer thread, one transaction per group
 * of everything queued), the best it can do. Prints events/s and append latency for each.
 */
public final class SqliteSpoolBench {

    public static void main(String[] args) throws Exception {
        int writers = Integer.getInteger("bench.writers", 1000);
        int events = Integer.getInteger("bench.events", 160_000);
        Path dir = Files.createTempDirectory("spool-vs-sqlite");
        try (Database db = TestDatabases.fresh()) {
            SwitchableDataSource down = new SwitchableDataSource(db.dataSource());
            down.down();
            for (int round = 1; round <= 2; round++) {
                try (SpooledCallJournal journal = SpooledCallJournal.start(JournalSettings.defaults(dir.resolve("spool-" + round))
                        .withAppendTimeout(Duration.ofSeconds(30)).withCloseTimeout(Duration.ofSeconds(1)), down)) {
                    report("spool  round " + round, run(writers, events, journal::append), journal.stats().fsyncs());
                }
                try (SqliteJournal sqlite = new SqliteJournal(dir.resolve("sqlite-" + round + ".db"))) {
                    report("sqlite round " + round, run(writers, events, sqlite::append), sqlite.commits.get());
                }
            }
        }
    }

    private record Result(long events, Duration took, long[] latenciesNanos) {
    }

    private interface Append {
        void append(CallEvent e);
    }

    private static Result run(int writers, int events, Append append) throws Exception {
        long[] latencies = new long[events];
        AtomicLong next = new AtomicLong();
        Instant t0 = Instant.now();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < writers; w++) {
                pool.submit(() -> {
                    UUID call = UUID.randomUUID();
                    int seq = 0;
                    long i;
                    while ((i = next.getAndIncrement()) < events) {
                        CallEvent e = new CallEvent(UUID.randomUUID(), call, seq++, t0.plusMillis(i), CallEventType.PROMPT_PLAYED,
                                Map.of("prompt", "cu-welcome", "language", "es", "uniqueid", "1796000000." + i));
                        long a = System.nanoTime();
                        append.append(e);
                        latencies[(int) i] = System.nanoTime() - a;
                    }
                    return null;
                });
            }
        }
        return new Result(events, Duration.ofNanos(System.nanoTime() - start), latencies);
    }

    private static void report(String what, Result r, long syncs) {
        long[] sorted = r.latenciesNanos().clone();
        Arrays.sort(sorted);
        System.out.printf("%s: %,d events in %d ms = %,.0f events/s; %,d commits (%.0f events each); append p50 %.1f ms, p99 %.1f ms%n",
                what, r.events(), r.took().toMillis(), r.events() / (r.took().toNanos() / 1e9), syncs,
                r.events() / (double) Math.max(1, syncs), sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 99 / 100] / 1e6);
    }

    /** SQLite in WAL mode, synchronous=FULL, group commit by one writer thread. */
    private static final class SqliteJournal implements AutoCloseable {
        private record Pending(CallEvent event, CompletableFuture<Void> done) {
        }

        private final Connection connection;
        private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
        private final Thread writer;
        private final AtomicLong commits = new AtomicLong();
        private volatile boolean closed;

        SqliteJournal(Path file) throws Exception {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE event (id BLOB PRIMARY KEY, call BLOB NOT NULL, seq INTEGER NOT NULL, payload BLOB NOT NULL)");
            }
            connection.setAutoCommit(false);
            writer = Thread.ofPlatform().name("sqlite-writer").start(this::run);
        }

        void append(CallEvent e) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            queue.add(new Pending(e, done));
            done.join();
        }

        private void run() {
            List<Pending> group = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO event VALUES (?, ?, ?, ?)")) {
                while (!closed || !queue.isEmpty()) {
                    Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    group.add(first);
                    queue.drainTo(group, 8191);
                    for (Pending p : group) {
                        ps.setString(1, p.event().eventId().toString());
                        ps.setString(2, p.event().callId().toString());
                        ps.setInt(3, p.event().seq());
                        ps.setBytes(4, EventCodec.encode(p.event()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    connection.commit();
                    commits.incrementAndGet();
                    group.forEach(p -> p.done().complete(null));
                    group.clear();
                }
            } catch (Exception e) {
                group.forEach(p -> p.done().completeExceptionally(e));
                queue.forEach(p -> p.done().completeExceptionally(e));
            }
        }

        @Override
        public void close() throws Exception {
            closed = true;
            writer.join();
            connection.close();
        }
    }
}
