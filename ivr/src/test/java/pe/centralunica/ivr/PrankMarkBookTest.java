package pe.centralunica.ivr;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.notify.ChangeSignal;
import pe.centralunica.db.notify.PgNotifications;
import pe.centralunica.db.testing.DelegatingDataSource;
import pe.centralunica.db.testing.TestDatabases;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prank marks served from memory are the marks PostgreSQL holds: a mark made or removed on any node counts on
 * the next lookup (V120's notification), lookups between changes cost no query, and a book that is not
 * listening answers nothing, so the caller lookup queries as before.
 */
class PrankMarkBookTest {

    private static final Duration WINDOW = Duration.ofDays(30);
    private static DatabaseSettings settings;
    private static Database db;
    private static PgNotifications notifications;

    @BeforeAll
    static void database() {
        settings = TestDatabases.freshSettings();
        db = Database.open(settings);
        db.migrate();
        notifications = PgNotifications.start(settings, List.of(IvrServer.MARK_CHANNEL));
    }

    @AfterAll
    static void close() throws Exception {
        notifications.close();
        db.close();
    }

    @Test
    void marksMadeAndRemovedCountOnTheNextLookupAndLookupsBetweenCostNoQuery() throws Exception {
        ChangeSignal signal = notifications.signal(IvrServer.MARK_CHANNEL);
        await(signal::listening, "listening on " + IvrServer.MARK_CHANNEL);
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        PrankMarkBook book = new PrankMarkBook(counting, signal, WINDOW, Clock.systemUTC());

        assertThat(book.marks("+51987000001")).contains(0);
        int afterFirstLoad = counting.connections.get();
        for (int i = 0; i < 1_000; i++) {
            assertThat(book.marks("+51987" + (100_000 + i))).contains(0);
        }
        assertThat(counting.connections.get()).isEqualTo(afterFirstLoad);

        long before = signal.generation();
        sql("INSERT INTO caller_mark (caller_number, marked_by) VALUES ('+51987000001', 'sup-1'), ('+51987000001', 'sup-2'),"
                + " ('+51987000002', 'sup-1')");
        sql("INSERT INTO caller_mark (caller_number, marked_by, marked_at) VALUES ('+51987000003', 'sup-1', now() - interval '31 days')");
        await(() -> signal.generation() != before, "notified of the new marks");
        assertThat(book.marks("+51987000001")).contains(2);
        assertThat(book.marks("+51987000002")).contains(1);
        assertThat(book.marks("+51987000003")).as("a mark older than the window").contains(0);

        long beforeRemoval = signal.generation();
        sql("DELETE FROM caller_mark WHERE caller_number = '+51987000001' AND marked_by = 'sup-2'");
        await(() -> signal.generation() != beforeRemoval, "notified of the removal");
        assertThat(book.marks("+51987000001")).contains(1);
    }

    @Test
    void aBookThatIsNotListeningAnswersNothingSoTheLookupQueries() throws Exception {
        PrankMarkBook deaf = new PrankMarkBook(db.dataSource(), ChangeSignal.unheard(IvrServer.MARK_CHANNEL), WINDOW,
                Clock.systemUTC());
        assertThat(deaf.marks("+51987000009")).isEmpty();

        sql("INSERT INTO caller_mark (caller_number, marked_by) VALUES ('+51987000009', 'sup-1')");
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        IvrSettings ivr = IvrSettings.defaults();
        CallerLookup lookup = new CallerLookup(counting, ivr, deaf);
        CallerProfile profile = lookup.start("+51987000009", false).await(Duration.ofSeconds(5));
        assertThat(profile.prankMarks()).isEqualTo(1);
        assertThat(counting.connections.get()).as("the lookup queried").isEqualTo(1);
    }

    @Test
    void aCallerWhoseDistrictIsKnownIsLookedUpWithoutAQueryAndOneWhoseIsNotWithOne() throws Exception {
        ChangeSignal signal = notifications.signal(IvrServer.MARK_CHANNEL);
        await(signal::listening, "listening on " + IvrServer.MARK_CHANNEL);
        long before = signal.generation();
        sql("INSERT INTO caller_mark (caller_number, marked_by) VALUES ('+51987000020', 'sup-1'), ('+51987000020', 'sup-1'),"
                + " ('+51987000020', 'sup-3')");
        await(() -> signal.generation() != before, "notified of the marks");
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        IvrSettings ivr = IvrSettings.defaults();
        CallerLookup lookup = new CallerLookup(counting, ivr, new PrankMarkBook(counting, signal, ivr.prankWindow(), Clock.systemUTC()));

        CallerProfile warm = lookup.start("+51987000020", false).await(Duration.ofSeconds(5)); // loads the book
        int loaded = counting.connections.get();
        CallerProfile trunk = lookup.start("+51987000020", false).await(Duration.ofSeconds(5));
        assertThat(counting.connections.get()).isEqualTo(loaded);
        CallerProfile mobile = lookup.start("+51987000020", true).await(Duration.ofSeconds(5));
        assertThat(counting.connections.get()).isEqualTo(loaded + 1);

        assertThat(List.of(warm, trunk, mobile)).allSatisfy(p -> {
            assertThat(p.prankMarks()).isEqualTo(3);
            assertThat(p.flagged()).isEqualTo(3 >= ivr.prankMarksToFlag());
            assertThat(p.note()).isEmpty();
        });
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static final class CountingDataSource extends DelegatingDataSource {
        final AtomicInteger connections = new AtomicInteger();

        CountingDataSource(DataSource real) {
            super(real);
        }

        @Override
        public Connection getConnection() throws SQLException {
            connections.incrementAndGet();
            return real.getConnection();
        }
    }
}
