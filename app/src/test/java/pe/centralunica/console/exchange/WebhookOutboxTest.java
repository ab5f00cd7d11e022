package pe.centralunica.console.exchange;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pe.centralunica.app.Node;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.Environment;
import pe.centralunica.console.desk.FakeAsterisk;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.exchange.webhook.WebhookSignature;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks through the PostgreSQL outbox: a local agency endpoint gets every change of its incident exactly once
 * (by event id) and in order, signed, across a period when it is down and a node restart in the middle of it;
 * an agency that may not see the incident gets nothing of it.
 */
class WebhookOutboxTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** A test agency's CAD: verifies signatures, keeps what it accepted, can be switched off (503). */
    static final class AgencyEndpoint implements AutoCloseable {
        final HttpServer server;
        volatile String secret;
        volatile boolean down;
        final List<JsonObject> accepted = Collections.synchronizedList(new ArrayList<>());
        final Set<String> seen = Collections.synchronizedSet(new HashSet<>());
        volatile int duplicates;
        volatile int badSignatures;
        volatile int refusedWhileDown;

        AgencyEndpoint() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int status;
                if (down) {
                    refusedWhileDown++;
                    status = 503;
                } else if (!WebhookSignature.verify(secret, Long.parseLong(ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER)),
                        body, ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER))) {
                    badSignatures++;
                    status = 401;
                } else {
                    JsonObject event = new JsonObject(body);
                    assertThat(ex.getRequestHeaders().getFirst(WebhookSignature.EVENT_ID_HEADER)).isEqualTo(event.getString("eventId"));
                    if (seen.add(event.getString("eventId"))) {
                        accepted.add(event);
                    } else {
                        duplicates++; // idempotent: acknowledged, not applied twice
                    }
                    status = 204;
                }
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private Node startNode(DatabaseSettings db) {
        return startNode(db, 50);
    }

    private Node startNode(DatabaseSettings db, int pollMs) {
        Map<String, String> env = TestEnvironment.node(db);
        env.put("CU_EXCHANGE_POLL_MS", Integer.toString(pollMs));
        env.put("CU_EXCHANGE_RETRY_BASE_MS", "50");
        env.put("CU_EXCHANGE_RETRY_MAX_MS", "400");
        FakeAsterisk asterisk = new FakeAsterisk();
        return Node.start(AppSettings.from(new Environment(env), true), false, asterisk, asterisk);
    }

    private static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(end);
            Thread.sleep(25);
        }
    }

    private static long count(Jdbc jdbc, String sql, Object... params) {
        return jdbc.tx("test count", tx -> tx.one(sql, rs -> rs.getLong(1), params)).orElseThrow();
    }

    private static void note(Jdbc jdbc, long incident, String text) {
        jdbc.tx("test note", tx -> tx.update("INSERT INTO incident_note (incident_id, author, text) VALUES (?, 'disp.miraflores', ?)",
                incident, text));
    }

    @Test
    void agencyGetsEveryChangeOnceAndInOrderAcrossDowntimeAndANodeRestart() throws Exception {
        DatabaseSettings db = TestDatabases.freshSettings();
        Node first = startNode(db); // migrates
        Database database = Database.open(db);
        toClose.add(database::close);
        Jdbc jdbc = new Jdbc(database.dataSource());
        AgencyEndpoint bomberos = new AgencyEndpoint();
        AgencyEndpoint police = new AgencyEndpoint();
        toClose.add(bomberos);
        toClose.add(police);
        AgencyEndpoints endpoints = new AgencyEndpoints(jdbc);
        bomberos.secret = endpoints.set("CGBVP", bomberos.url(), "admin").getString("secret");
        police.secret = endpoints.set("PNP", police.url(), "admin").getString("secret");

        UUID call = UUID.randomUUID();
        long incident = jdbc.tx("test incident", tx -> {
            long id = tx.one("INSERT INTO incident (emergency_type_code, priority, district_ubigeo) VALUES ('FIRE', 1, '150122') RETURNING id",
                    rs -> rs.getLong(1)).orElseThrow();
            tx.update("INSERT INTO call (id, asterisk_uniqueid, caller_number, incident_id, outcome, arrived_at)"
                    + " VALUES (?, '1700001399.1', '987001399', ?, 'TRANSFERRED', now())", call, id);
            tx.update("INSERT INTO call_event (event_id, call_id, seq, at, type, data) VALUES (gen_random_uuid(), ?, 1, now(),"
                    + " 'TRANSFERRED', '{\"to\":\"Q-CGBVP\",\"by\":\"disp.miraflores\"}'::jsonb)", call);
            return id;
        });
        note(jdbc, incident, "Humo en el segundo piso");
        note(jdbc, incident, "Dos personas atrapadas");
        String changesOfIncident = "SELECT count(*) FROM exchange_change WHERE incident_id = " + incident;
        await("the first changes delivered", 15_000, () -> bomberos.accepted.size() == count(jdbc, changesOfIncident));

        // The agency's endpoint goes down; changes keep coming and are retried with backoff.
        bomberos.down = true;
        note(jdbc, incident, "Llegó la máquina B-34");
        jdbc.tx("test status", tx -> tx.update("UPDATE incident SET status = 'DISPATCHED', updated_at = now() WHERE id = ?", incident));
        await("retries while down", 15_000, () -> bomberos.refusedWhileDown >= 3);
        // The node restarts in the middle of it; a change arrives while no node runs.
        first.close();
        note(jdbc, incident, "Escrita con el nodo detenido");
        Node second = startNode(db);
        toClose.add(second);
        await("retries on the restarted node", 15_000, () -> bomberos.refusedWhileDown >= 6);
        bomberos.down = false;
        long total = count(jdbc, changesOfIncident);
        await("everything delivered", 20_000, () -> bomberos.accepted.size() == total);
        Thread.sleep(300); // anything extra would have arrived by now

        assertThat(bomberos.accepted).hasSize((int) total);
        assertThat(bomberos.duplicates).isZero();
        assertThat(bomberos.badSignatures).isZero();
        List<Long> sequence = bomberos.accepted.stream().map(e -> e.getLong("sequence")).toList();
        assertThat(sequence).as("in order").isSorted().doesNotHaveDuplicates();
        JsonObject last = bomberos.accepted.getLast().getJsonObject("eido");
        assertThat(last.getJsonArray("incidentComponent").getJsonObject(0).getJsonArray("incidentStatusCommonRegistryText").getString(0))
                .isEqualTo("Dispatched");
        assertThat(last.getJsonArray("notesComponent")).hasSize(4);
        assertThat(count(jdbc, "SELECT count(*) FROM exchange_outbox WHERE delivered_at IS NULL")).isZero();
        assertThat(count(jdbc, "SELECT max(attempts) FROM exchange_outbox WHERE agency_code = 'CGBVP'")).as("retried").isGreaterThan(1);
        assertThat(police.accepted).as("PNP may not see this incident").isEmpty();
    }

    /**
     * With a poll of a minute, only the outbox's notifications can explain a delivery within seconds: a change is
     * sent when it commits, and a refused one is retried when its backoff is due, not at the next poll. Before any
     * agency has an endpoint, changes leave no rows (nobody would read them); the agency that subscribes gets every
     * change made after.
     */
    @Test
    void changesAreDeliveredWhenTheyHappenAndRetriedWhenDueNotAtThePoll() throws Exception {
        DatabaseSettings db = TestDatabases.freshSettings();
        Node node = startNode(db, 60_000);
        toClose.add(node);
        Database database = Database.open(db);
        toClose.add(database::close);
        Jdbc jdbc = new Jdbc(database.dataSource());
        long incident = jdbc.tx("test incident", tx -> tx.one("INSERT INTO incident (emergency_type_code, priority, district_ubigeo)"
                + " VALUES ('FIRE', 1, '150122') RETURNING id", rs -> rs.getLong(1)).orElseThrow());
        note(jdbc, incident, "Antes de que alguna agencia se suscriba");
        assertThat(count(jdbc, "SELECT count(*) FROM exchange_change")).as("no endpoint, no change rows").isZero();

        AgencyEndpoint metropolitan = new AgencyEndpoint();
        toClose.add(metropolitan);
        metropolitan.secret = new AgencyEndpoints(jdbc).set("CIC-SC", metropolitan.url(), "admin").getString("secret");
        note(jdbc, incident, "Después de la suscripción");
        await("the change delivered as it commits", 10_000, () -> metropolitan.accepted.size() == 1);
        assertThat(metropolitan.accepted.getFirst().getJsonObject("eido").getJsonArray("notesComponent")).hasSize(2);

        metropolitan.down = true;
        note(jdbc, incident, "Con la agencia caída");
        await("retried at its backoff (50–400 ms), not at the poll", 10_000, () -> metropolitan.refusedWhileDown >= 3);
        metropolitan.down = false;
        await("delivered once the agency is back", 10_000, () -> metropolitan.accepted.size() == 2);
        assertThat(metropolitan.duplicates).isZero();
        assertThat(count(jdbc, "SELECT count(*) FROM exchange_change")).isEqualTo(2);
    }

    /**
     * An idle node whose centre has no agency webhook does not look at the outbox, however short its poll: counted
     * in PostgreSQL's table statistics (scans of agency_endpoint, which every look joins), over longer than the
     * 10 s in which an idle backend reports them. Polling every 50 ms made hundreds.
     */
    @Test
    void anIdleNodeWithoutWebhooksLeavesTheOutboxAlone() throws Exception {
        DatabaseSettings db = TestDatabases.freshSettings();
        toClose.add(startNode(db, 50));
        Database database = Database.open(db);
        toClose.add(database::close);
        Jdbc jdbc = new Jdbc(database.dataSource());
        String scans = "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'agency_endpoint'";
        Thread.sleep(2_000); // the node's first look, as it starts listening
        long before = count(jdbc, scans);
        Thread.sleep(12_000);
        assertThat(count(jdbc, scans) - before).as("looks at the outbox in 12 s, poll 50 ms").isLessThan(20);
    }

    @Test
    void aTransferSendsTheEidoToTheReceivingAgencyBeforeTheCallerMoves() throws Exception {
        pe.centralunica.console.desk.ConsoleNode console = new pe.centralunica.console.desk.ConsoleNode();
        toClose.add(console);
        AgencyEndpoint police = new AgencyEndpoint();
        toClose.add(police);
        List<Boolean> callerAlreadyMoved = Collections.synchronizedList(new ArrayList<>());
        police.server.removeContext("/hook");
        police.server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean signed = WebhookSignature.verify(police.secret, Long.parseLong(ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER)),
                    body, ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER));
            JsonObject event = new JsonObject(body);
            if (signed && event.getString("kind").equals("TRANSFER")) {
                callerAlreadyMoved.add(!console.asterisk.transfers.isEmpty());
                police.accepted.add(event);
            }
            ex.sendResponseHeaders(signed ? 204 : 401, -1);
            ex.close();
        });
        var admin = console.login("admin");
        var set = admin.put("/api/admin/agencies/PNP/endpoint", new JsonObject().put("url", police.url()));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        police.secret = new JsonObject(set.body()).getString("secret");

        UUID callId = console.insertCall("1700001398.1", "987001398", "CRIME", "150122", "NORMAL", "ANSWERED");
        long incident = console.incidentOf(callId);
        console.asterisk.put(FakeAsterisk.connected(FakeAsterisk.queued("1700001398.1", callId.toString(), "987001398", "ser-150122",
                "CRIME", "150122", "NORMAL"), pe.centralunica.console.desk.ConsoleNode.MIRAFLORES_PHONE));
        var dispatcher = console.login("disp.miraflores");
        var moved = dispatcher.post("/api/live/calls/1700001398.1/transfer", new JsonObject().put("target", "T-PNP").put("incidentId", incident));

        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(new JsonObject(moved.body()).getString("eidoAhead")).isEqualTo("DELIVERED");
        assertThat(callerAlreadyMoved).as("the EIDO arrived while the caller was still with the dispatcher").containsExactly(false);
        assertThat(console.asterisk.transfers).containsExactly(new FakeAsterisk.Transfer("1700001398.1", "T-PNP", incident));
        JsonObject eido = police.accepted.getFirst().getJsonObject("eido");
        assertThat(eido.getJsonArray("incidentComponent").getJsonObject(0).getString("incidentTrackingIdentifier"))
                .isEqualTo(Exchange.SENDING_SYSTEM + ":incident:" + incident);
        assertThat(eido.getJsonArray("callComponent").getJsonObject(0).getString("callTrackingIdentifier")).isEqualTo("1700001398.1");
    }
}
