package pe.centralunica.db.notify;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A NOTIFY wakes the worker waiting on its channel; a lost listening connection is remade and says so. */
class PgNotificationsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private DatabaseSettings settings;
    private Database database;
    private PgNotifications notifications;

    @BeforeEach
    void open() {
        settings = TestDatabases.freshSettings();
        database = Database.open(settings);
    }

    @AfterEach
    void close() throws InterruptedException {
        if (notifications != null) {
            notifications.close();
        }
        database.close();
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(end);
            Thread.sleep(10);
        }
    }

    @Test
    void aNotifyWakesTheWorkerOfItsChannelOnly() throws Exception {
        notifications = PgNotifications.start(settings, List.of("cu_test_a", "cu_test_b"), Duration.ofMillis(200));
        ChangeSignal a = notifications.signal("cu_test_a");
        ChangeSignal b = notifications.signal("cu_test_b");
        await("listening", () -> a.listening() && b.listening());
        long seenA = a.generation();
        long seenB = b.generation();

        sql("NOTIFY cu_test_a");

        assertThat(a.awaitAfter(seenA, PATIENCE)).as("woken by the notification, not by the timeout").isGreaterThan(seenA);
        Thread.sleep(500); // several probes later: probing fires nothing
        assertThat(b.generation()).isEqualTo(seenB);
        assertThat(a.listening()).isTrue();
        assertThatThrownBy(() -> notifications.signal("cu_test_c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLostConnectionIsRemadeAndEveryWorkerLooksOnce() throws Exception {
        notifications = PgNotifications.start(settings, List.of("cu_test_a"), Duration.ofMillis(200));
        ChangeSignal a = notifications.signal("cu_test_a");
        await("listening", a::listening);
        long before = a.generation();

        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'central-unica-listen'"
                + " AND datname = current_database()");

        await("the loss noticed", () -> !a.listening());
        assertThat(a.generation()).as("a worker waiting on the lost connection is woken to poll").isGreaterThan(before);
        await("listening again", a::listening);
        long again = a.generation();
        sql("NOTIFY cu_test_a");
        assertThat(a.awaitAfter(again, PATIENCE)).isGreaterThan(again);
    }

    @Test
    void anUnheardSignalOnlyTimesOut() throws InterruptedException {
        ChangeSignal s = ChangeSignal.unheard("cu_test_a");
        assertThat(s.listening()).isFalse();
        assertThat(s.patience(Duration.ofMinutes(1), Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(5));
        assertThat(s.awaitAfter(s.generation(), Duration.ofMillis(5))).isEqualTo(s.generation());
    }
}
