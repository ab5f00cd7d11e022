package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.exchange.eido.EidoSchema;
import pe.centralunica.exchange.eido.EidoWriter;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the delivery loop sleeps on: nothing due while the outbox is empty (an idle node must not look again at
 * once), the first row's due time, only the first row per (agency, incident), and changes waiting to be fanned out.
 * One database, the steps in order.
 */
class OutboxPendingTest {

    private static Database database;
    private static Jdbc jdbc;
    private static Outbox outbox;

    @BeforeAll
    static void start() {
        database = TestDatabases.fresh();
        jdbc = new Jdbc(database.dataSource());
        outbox = new Outbox(jdbc, new EidoExport(jdbc, new EidoWriter(Exchange.SENDING_SYSTEM), new EidoSchema()));
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private static long incident() {
        return jdbc.tx("incident", tx -> tx.one("INSERT INTO incident (emergency_type_code, priority, district_ubigeo) VALUES ('FIRE', 2, '150122')"
                + " RETURNING id", rs -> rs.getLong(1))).orElseThrow();
    }

    @Test
    void nothingIsDueUntilARowWaitsAndThenItsFirstAttemptCounts() {
        long fire = incident();
        assertThat(outbox.pending()).as("no endpoint, no change recorded, nothing due")
                .isEqualTo(new Outbox.Pending(false, Optional.empty(), false));

        new AgencyEndpoints(jdbc).set("CIC-SC", "http://127.0.0.1:9/hook", "admin");
        assertThat(outbox.pending()).isEqualTo(new Outbox.Pending(true, Optional.empty(), false));

        jdbc.tx("a change", tx -> tx.update("UPDATE incident SET priority = 1 WHERE id = ?", fire));
        assertThat(outbox.pending().changesWaiting()).isTrue();
        assertThat(outbox.fanOut(200)).isEqualTo(1);
        assertThat(jdbc.tx("rows", tx -> tx.one("SELECT count(*) FROM exchange_outbox", rs -> rs.getLong(1))).orElseThrow())
                .as("the metropolitan centre sees every incident").isEqualTo(1);
        jdbc.tx("retry in a minute", tx -> tx.update("UPDATE exchange_outbox SET next_attempt_at = now() + interval '60 s'"));
        long second = jdbc.tx("a second row, due now but behind the first",
                tx -> outbox.enqueue(tx, "CIC-SC", fire, null, "CHANGE", new JsonObject().put("test", true)));

        Outbox.Pending pending = outbox.pending();
        assertThat(pending.changesWaiting()).isFalse();
        assertThat(pending.nextDueIn()).as("the first row's time, not the second's").hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60)));

        jdbc.tx("first delivered", tx -> tx.update("UPDATE exchange_outbox SET delivered_at = now() WHERE id < ?", second));
        assertThat(outbox.pending().nextDueIn()).hasValue(Duration.ZERO);
    }
}
