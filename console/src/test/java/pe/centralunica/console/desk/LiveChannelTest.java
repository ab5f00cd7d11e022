package pe.centralunica.console.desk;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The WebSocket feed: authenticated by the session cookie, filtered per central, screen pop on connect. */
class LiveChannelTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private static ConsoleNode console;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    private static WebSocket open(String cookie, String origin, LiveFeed feed) {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return b.buildAsync(URI.create("ws://127.0.0.1:" + console.node.httpPort() + "/api/live"), feed).join();
    }

    private static boolean queueHas(JsonObject m, String uniqueid) {
        return m.getString("type").equals("queue") && m.getJsonArray("calls").stream()
                .anyMatch(c -> ((JsonObject) c).getString("uniqueid").equals(uniqueid));
    }

    @Test
    void withoutASessionTheHandshakeIsRefused() {
        assertThatThrownBy(() -> open(null, null, new LiveFeed(PATIENCE))).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThatThrownBy(() -> open("cu_session=forged-token-forged-token-forged-token-forged", null, new LiveFeed(PATIENCE)))
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
    }

    @Test
    void anotherSitesPageCannotOpenTheFeedWithTheUsersCookie() throws Exception {
        String cookie = console.login("disp.miraflores").sessionCookie();
        assertThatThrownBy(() -> open(cookie, "http://evil.example", new LiveFeed(PATIENCE)))
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
    }

    @Test
    void aDispatcherSeesTheirCentralsCallsLiveAndGetsAScreenPopWhenTheirPhoneConnects() throws Exception {
        String cookie = console.login("disp.miraflores").sessionCookie();
        LiveFeed feed = new LiveFeed(PATIENCE);
        WebSocket ws = open(cookie, "http://127.0.0.1:" + console.node.httpPort(), feed);
        assertThat(feed.next(m -> m.getString("type").equals("queue"))).isNotNull();

        UUID callId = console.insertCall("1700000100.1", "966666666", "CRIME", "150122", "PANIC", "IN_PROGRESS");
        console.jdbc.tx("panic button", tx -> {
            tx.update("INSERT INTO panic_button (device_id, caller_id, latitude, longitude, address, district_ubigeo, camera_id)"
                    + " VALUES ('PB-MIR-9', '7009009', -12.1219, -77.0297, 'Parque Kennedy', '150122', 'CAM-MIR-14')");
            return tx.update("UPDATE call SET panic_device_id = 'PB-MIR-9' WHERE id = ?", callId);
        });
        console.insertCall("1700000099.1", "966666666", "OTHER", "150122", "NORMAL", "ANSWERED");
        var other = FakeAsterisk.queued("1700000100.2", null, "977777777", "ser-150132", "FIRE", "150132", "NORMAL");
        console.asterisk.put(other);
        var mine = FakeAsterisk.queued("1700000100.1", callId.toString(), "966666666", "ser-150122", "CRIME", "150122", "PANIC");
        console.asterisk.put(mine);

        JsonObject queue = feed.next(m -> queueHas(m, "1700000100.1"));
        assertThat(queueHas(queue, "1700000100.2")).as("another central's call").isFalse();

        console.asterisk.put(FakeAsterisk.connected(mine, ConsoleNode.MIRAFLORES_PHONE));
        JsonObject pop = feed.next(m -> m.getString("type").equals("pop")).getJsonObject("pop");
        assertThat(pop.getJsonObject("live").getBoolean("panic")).isTrue();
        assertThat(pop.getJsonObject("call").getString("id")).isEqualTo(callId.toString());
        assertThat(pop.getJsonObject("incident").getLong("id")).isEqualTo(console.incidentOf(callId));
        assertThat(pop.getJsonObject("history").getJsonArray("calls")).hasSize(1);
        assertThat(pop.getJsonObject("route").getString("ruleName")).isEqualTo("Delito: serenazgo y PNP");
        assertThat(pop.getJsonObject("panicButton").getString("cameraId")).isEqualTo("CAM-MIR-14");
        assertThat(pop.getJsonObject("panicButton").getString("address")).isEqualTo("Parque Kennedy");
        assertThat(pop.getJsonArray("timeline")).isNotEmpty();

        console.asterisk.put(new pe.centralunica.router.live.LiveCall(mine.callId(), mine.uniqueid(), mine.linkedid(), mine.channel(),
                mine.callerNumber(), mine.dialled(), pe.centralunica.router.live.LiveCall.State.ENDED, mine.queue(), mine.queuedAt(),
                mine.answeredBy(), mine.arrivedAt(), mine.variables()));
        assertThat(feed.next(m -> m.getString("type").equals("popEnded")).getString("uniqueid")).isEqualTo("1700000100.1");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    @Test
    void aPopShownBeforeTheRecordsShippedGainsItsIncidentWhenTheyLand() throws Exception {
        String cookie = console.login("disp.miraflores").sessionCookie();
        LiveFeed feed = new LiveFeed(PATIENCE);
        WebSocket ws = open(cookie, "http://127.0.0.1:" + console.node.httpPort(), feed);
        assertThat(feed.next(m -> m.getString("type").equals("queue"))).isNotNull();

        // Answered before the shipper wrote the call to PostgreSQL: the first pop has the live facts only.
        var fast = FakeAsterisk.queued("1700000400.1", null, "955000400", "ser-150122", "FIRE", "150122", "NORMAL");
        console.asterisk.put(fast);
        console.asterisk.put(FakeAsterisk.connected(fast, ConsoleNode.MIRAFLORES_PHONE));
        JsonObject first = feed.next(m -> m.getString("type").equals("pop")).getJsonObject("pop");
        assertThat(first.getJsonObject("live").getString("uniqueid")).isEqualTo("1700000400.1");
        assertThat(first.getJsonObject("incident")).as("not shipped yet").isNull();

        // The batch lands ~1 s later: the same pop is pushed again with its call record and incident.
        Thread.sleep(1_000);
        UUID callId = console.insertCall("1700000400.1", "955000400", "FIRE", "150122", "NORMAL", "IN_PROGRESS");
        JsonObject update = feed.next(m -> m.getString("type").equals("popUpdate")
                && m.getJsonObject("pop").getJsonObject("incident") != null).getJsonObject("pop");
        assertThat(update.getJsonObject("live").getString("uniqueid")).isEqualTo("1700000400.1");
        assertThat(update.getJsonObject("call").getString("id")).isEqualTo(callId.toString());
        assertThat(update.getJsonObject("incident").getLong("id")).isEqualTo(console.incidentOf(callId));
        assertThat(update.getJsonObject("incident").getString("district")).isEqualTo("150122");
        assertThat(update.getJsonObject("incident").getString("type")).isEqualTo("FIRE");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    @Test
    void aPopThatNeverGetsItsRecordsStopsBeingRebuiltAndAnEndedCallIsNotRefreshed() throws Exception {
        String cookie = console.login("disp.miraflores").sessionCookie();
        LiveFeed feed = new LiveFeed(PATIENCE);
        WebSocket ws = open(cookie, "http://127.0.0.1:" + console.node.httpPort(), feed);
        assertThat(feed.next(m -> m.getString("type").equals("queue"))).isNotNull();
        var gone = FakeAsterisk.queued("1700000500.1", null, "955000500", "ser-150122", "FIRE", "150122", "NORMAL");
        console.asterisk.put(gone);
        console.asterisk.put(FakeAsterisk.connected(gone, ConsoleNode.MIRAFLORES_PHONE));
        assertThat(feed.next(m -> m.getString("type").equals("pop")).getJsonObject("pop").getJsonObject("incident")).isNull();
        console.asterisk.put(new pe.centralunica.router.live.LiveCall(gone.callId(), gone.uniqueid(), gone.linkedid(), gone.channel(),
                gone.callerNumber(), gone.dialled(), pe.centralunica.router.live.LiveCall.State.ENDED, gone.queue(), gone.queuedAt(),
                gone.answeredBy(), gone.arrivedAt(), gone.variables()));
        assertThat(feed.next(m -> m.getString("type").equals("popEnded")).getString("uniqueid")).isEqualTo("1700000500.1");
        // Its records land after the call left the desk: nothing more is pushed for it.
        console.insertCall("1700000500.1", "955000500", "FIRE", "150122", "NORMAL", "ANSWERED");
        assertThat(feed.none(m -> m.getString("type").equals("popUpdate"), Duration.ofSeconds(3))).isTrue();
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    @Test
    void aSupervisorSeesEveryCentral() throws Exception {
        LiveFeed feed = new LiveFeed(PATIENCE);
        open(console.login("supervisor").sessionCookie(), null, feed);
        console.asterisk.put(FakeAsterisk.queued("1700000200.1", null, "988888888", "ser-150132", "FIRE", "150132", "SILENT"));
        JsonObject queue = feed.next(m -> queueHas(m, "1700000200.1"));
        assertThat(queue.getJsonArray("calls").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("uniqueid").equals("1700000200.1")).findFirst().orElseThrow().getBoolean("silent")).isTrue();
    }

    @Test
    void aSupervisorSeesADispatcherPauseWithoutAnyCallChanging() throws Exception {
        LiveFeed feed = new LiveFeed(PATIENCE);
        open(console.login("supervisor").sessionCookie(), null, feed);
        feed.next(m -> m.getString("type").equals("queue")); // the snapshot on connect
        String iface = "PJSIP/disp-150122-77";
        console.asterisk.members.add(new pe.centralunica.router.live.DispatcherState(iface, "Rosa", "ser-150122", true, true,
                false, java.util.Optional.empty()));
        try {
            console.asterisk.dispatchersChanged();

            JsonObject pushed = feed.next(m -> m.getString("type").equals("queue") && m.getJsonArray("dispatchers").stream()
                    .anyMatch(d -> ((JsonObject) d).getString("iface").equals(iface)));
            assertThat(pushed.getJsonArray("dispatchers").stream().map(d -> (JsonObject) d)
                    .filter(d -> d.getString("iface").equals(iface)).findFirst().orElseThrow().getBoolean("paused")).isTrue();
        } finally {
            console.asterisk.members.removeIf(d -> d.iface().equals(iface));
        }
    }

    @Test
    void aSyntheticTestCallNeverAppearsInTheLiveQueue() throws Exception {
        LiveFeed feed = new LiveFeed(PATIENCE);
        open(console.login("supervisor").sessionCookie(), null, feed);
        var probe = FakeAsterisk.queued("1700000300.1", null, "cu-monitor", "ser-150132", "FIRE", "150132", "NORMAL");
        var vars = new java.util.HashMap<>(probe.variables());
        vars.put("CU_TEST", "1");
        console.asterisk.put(new pe.centralunica.router.live.LiveCall(probe.callId(), probe.uniqueid(), probe.linkedid(),
                probe.channel(), probe.callerNumber(), probe.dialled(), probe.state(), probe.queue(), probe.queuedAt(),
                probe.answeredBy(), probe.arrivedAt(), vars));
        console.asterisk.put(FakeAsterisk.queued("1700000300.2", null, "988000300", "ser-150132", "FIRE", "150132", "NORMAL"));
        JsonObject queue = feed.next(m -> queueHas(m, "1700000300.2"));
        assertThat(queueHas(queue, "1700000300.1")).as("the synthetic test call").isFalse();
    }
}
