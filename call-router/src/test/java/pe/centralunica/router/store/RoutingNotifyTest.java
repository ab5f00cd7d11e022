package pe.centralunica.router.store;

import org.junit.jupiter.api.Test;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.notify.PgNotifications;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.RoutingTable;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Administrators edit routing rules live without nodes polling: an edit written on another connection (another
 * node) reaches a reloader whose own poll is an hour, through the version trigger's NOTIFY.
 */
class RoutingNotifyTest {

    @Test
    void anEditOnAnotherNodeReachesThisOneWithoutPolling() throws Exception {
        DatabaseSettings settings = TestDatabases.freshSettings();
        try (Database db = Database.open(settings)) {
            db.migrate();
            PgNotifications notifications = PgNotifications.start(settings, List.of(RuleReloader.CHANNEL));
            LiveRouter router = new LiveRouter(RoutingTable.lastResortOnly(), new AvailabilityBoard());
            try (RuleReloader reloader = new RuleReloader(new JdbcRuleRepository(db.dataSource()), router)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!notifications.signal(RuleReloader.CHANNEL).listening() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                reloader.start(Duration.ofHours(1), notifications.signal(RuleReloader.CHANNEL));
                long before = router.current().version();

                try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                    st.execute("UPDATE routing_rule SET enabled = false WHERE id = 5");
                }

                while (router.current().version() == before && System.nanoTime() < deadline) {
                    Thread.sleep(10); // waiting for the reloader's thread, not asserting a duration
                }
                assertThat(router.current().version()).as("installed without a poll").isGreaterThan(before);
                assertThat(router.current().ruleCount()).isEqualTo(9);
            } finally {
                notifications.close();
            }
        }
    }
}
