package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.console.config.ConfigurationException;
import pe.centralunica.app.config.Environment;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.exchange.eido.EidoSchema;
import pe.centralunica.exchange.eido.EidoWriter;
import pe.centralunica.exchange.webhook.Backoff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Delivered webhook rows are pruned after the retention, a batch per transaction; undelivered rows — however old — and
 * the changes they refer to stay, and what remains is still delivered in order per incident.
 */
class OutboxPruningTest {

    private static DatabaseSettings settings;
    private static Database database;
    private static Jdbc jdbc;
    private static Outbox outbox;

    @BeforeAll
    static void start() {
        settings = TestDatabases.freshSettings();
        database = Database.open(settings);
        database.migrate();
        jdbc = new Jdbc(database.dataSource());
        outbox = new Outbox(jdbc, new EidoExport(jdbc, new EidoWriter(Exchange.SENDING_SYSTEM), new EidoSchema()));
        new AgencyEndpoints(jdbc).set("CGBVP", "http://127.0.0.1:9/hook", "admin");
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private static long incident() {
        return jdbc.tx("incident", tx -> tx.one("INSERT INTO incident (emergency_type_code, priority, district_ubigeo) VALUES ('FIRE', 2, '150122')"
                + " RETURNING id", rs -> rs.getLong(1))).orElseThrow();
    }

    private static long row(long incident, Long change, String deliveredAgo) {
        return jdbc.tx("row", tx -> {
            long id = outbox.enqueue(tx, "CGBVP", incident, change, "CHANGE", new JsonObject().put("test", true));
            if (deliveredAgo != null) {
                tx.update("UPDATE exchange_outbox SET delivered_at = now() - ?::interval, created_at = now() - ?::interval WHERE id = ?",
                        deliveredAgo, deliveredAgo, id);
            }
            return id;
        });
    }

    private static long count(String sql, Object... params) {
        return jdbc.tx("count", tx -> tx.one(sql, rs -> rs.getLong(1), params)).orElseThrow();
    }

    @Test
    void deliveredRowsPastTheRetentionGoInBatchesUndeliveredStayAndStillArriveInOrder() {
        long fire = incident();
        long other = incident();
        // The incidents' own changes (the triggers wrote them), fanned out 40 days ago.
        jdbc.tx("old changes", tx -> tx.update("UPDATE exchange_change SET fanned_out_at = now() - interval '40 days'"));
        List<Long> changes = jdbc.tx("changes", tx -> tx.list("SELECT id FROM exchange_change ORDER BY id", rs -> rs.getLong(1)));
        assertThat(changes).hasSizeGreaterThanOrEqualTo(2);

        long oldA = row(fire, changes.get(0), "40 days");
        long oldB = row(fire, null, "35 days");
        long stuck = row(fire, changes.get(1), null); // never accepted by the agency, for 60 days
        jdbc.tx("stuck", tx -> tx.update("UPDATE exchange_outbox SET created_at = now() - interval '60 days', attempts = 900 WHERE id = ?", stuck));
        long waiting = row(fire, null, null);
        long recent = row(other, null, "1 hour");
        long oldOther = row(other, null, "31 days");

        Outbox.Pruned pruned = outbox.prune(Duration.ofDays(30), 1);

        assertThat(pruned.deliveredRows()).isEqualTo(3);
        List<Long> left = jdbc.tx("left", tx -> tx.list("SELECT id FROM exchange_outbox ORDER BY id", rs -> rs.getLong(1)));
        assertThat(left).containsExactly(stuck, waiting, recent);
        assertThat(count("SELECT count(*) FROM exchange_outbox WHERE id IN (?, ?, ?)", oldA, oldB, oldOther)).isZero();
        assertThat(count("SELECT count(*) FROM exchange_change WHERE id = ?", changes.get(1)))
                .as("the change an undelivered row refers to stays").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM exchange_change WHERE id = ?", changes.get(0)))
                .as("a change whose rows were all delivered and pruned goes").isZero();
        assertThat(pruned.changes()).isEqualTo(changes.size() - 1);

        // What is left is delivered oldest first per incident, as before pruning.
        List<Long> sent = new ArrayList<>();
        Outbox.Sender accept = d -> {
            sent.add(d.id());
            assertThat(new JsonObject(d.body()).getLong("sequence")).isEqualTo(d.id());
            return new Outbox.Sent.Accepted();
        };
        jdbc.tx("due", tx -> tx.update("UPDATE exchange_outbox SET next_attempt_at = now() WHERE delivered_at IS NULL"));
        Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(100));
        assertThat(outbox.deliverDue(10, accept, backoff)).as("only the oldest undelivered row of the incident").isEqualTo(1);
        assertThat(outbox.deliverDue(10, accept, backoff)).isEqualTo(1);
        assertThat(sent).containsExactly(stuck, waiting);

        assertThat(outbox.prune(Duration.ofDays(30), 1000).deliveredRows()).as("nothing more is old enough").isZero();
    }

    @Test
    void theRetentionComesFromTheEnvironmentWithASafeDefaultAndNoZero() {
        Map<String, String> env = TestEnvironment.node(settings);
        assertThat(AppSettings.from(new Environment(env), true).webhooks().outboxRetention()).isEqualTo(Duration.ofDays(30));
        env.put("CU_EXCHANGE_OUTBOX_RETENTION_DAYS", "7");
        assertThat(AppSettings.from(new Environment(env), true).webhooks().outboxRetention()).isEqualTo(Duration.ofDays(7));
        env.put("CU_EXCHANGE_OUTBOX_RETENTION_DAYS", "0");
        assertThatThrownBy(() -> AppSettings.from(new Environment(env), true)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CU_EXCHANGE_OUTBOX_RETENTION_DAYS");
    }
}
