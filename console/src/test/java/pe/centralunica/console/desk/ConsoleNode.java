package pe.centralunica.console.desk;

import io.vertx.core.json.JsonObject;
import pe.centralunica.console.security.PasswordHasher;
import pe.centralunica.console.security.Role;
import pe.centralunica.console.security.Users;
import pe.centralunica.console.store.Jdbc;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The console on a fresh database with a {@link FakeAsterisk} and the test users: admin, supervisor, and two
 * dispatchers of different centrals (Serenazgo Miraflores and SJL). Password for all: {@link #PASSWORD}.
 */
public final class ConsoleNode implements AutoCloseable {

    public static final String PASSWORD = "correct-horse-battery";
    public static final String MIRAFLORES_PHONE = "PJSIP/disp-150122-01";

    /** What serves the console: the console alone, or a whole node when a test in app brings one. */
    public final ConsoleHost node;
    public final FakeAsterisk asterisk = new FakeAsterisk();
    public final Jdbc jdbc;

    public ConsoleNode() {
        this(asterisk -> ConsoleOnly.start(asterisk, asterisk));
    }

    /** Served by what {@code start} makes of this test's {@link #asterisk} (app's tests start a whole node). */
    public ConsoleNode(Function<FakeAsterisk, ConsoleHost> start) {
        node = start.apply(asterisk);
        jdbc = new Jdbc(node.dataSource());
        Users users = new Users(jdbc, new PasswordHasher());
        users.create(new Users.NewUser("admin", "Admin", PASSWORD, Role.ADMIN, Optional.empty(), Optional.empty()), "test");
        users.create(new Users.NewUser("supervisor", "Supervisor", PASSWORD, Role.SUPERVISOR, Optional.empty(), Optional.empty()), "test");
        users.create(new Users.NewUser("disp.miraflores", "Disp Miraflores", PASSWORD, Role.DISPATCHER, Optional.of("SER-150122"),
                Optional.of(MIRAFLORES_PHONE)), "test");
        users.create(new Users.NewUser("disp.sjl", "Disp SJL", PASSWORD, Role.DISPATCHER, Optional.of("SER-150132"),
                Optional.of("PJSIP/disp-150132-01")), "test");
    }

    public String base() {
        return "http://127.0.0.1:" + node.httpPort();
    }

    /** A browser-like client: keeps cookies, sends the CSRF token it got at login. */
    public Client client() {
        return new Client();
    }

    /** A client whose connections come from another loopback address (127.0.0.2, …): "another machine". */
    public Client clientFrom(String localAddress) throws IOException {
        return new Client(java.net.InetAddress.getByName(localAddress));
    }

    public Client login(String username) throws Exception {
        Client c = client();
        HttpResponse<String> r = c.post("/api/login", new JsonObject().put("username", username).put("password", PASSWORD));
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + username + " failed: " + r.statusCode() + " " + r.body());
        }
        return c;
    }

    /** A call record as the IVR journal leaves it (with an incident), for the console to act on. */
    public UUID insertCall(String uniqueid, String caller, String type, String district, String callerClass, String outcome) {
        UUID id = UUID.randomUUID();
        jdbc.tx("test call", tx -> {
            long incident = tx.one("INSERT INTO incident (emergency_type_code, priority, district_ubigeo) VALUES (?, 2, ?) RETURNING id",
                    rs -> rs.getLong(1), type, district).orElseThrow();
            tx.update("INSERT INTO call (id, asterisk_uniqueid, caller_number, dialled_number, caller_class, emergency_type_code,"
                            + " district_ubigeo, incident_id, outcome, arrived_at, language) VALUES (?, ?, ?, '911', ?, ?, ?, ?, ?, now(), 'es')",
                    id, uniqueid, caller, callerClass, type, district, incident, outcome);
            tx.update("INSERT INTO call_event (event_id, call_id, seq, at, type, data) VALUES (gen_random_uuid(), ?, 0, now(),"
                    + " 'ROUTE_DECIDED', ?::jsonb)", id, new JsonObject().put("ruleId", "7").put("ruleName", "Delito: serenazgo y PNP")
                    .put("priority", "2").put("targets", "Q-SER-" + district + ",Q-PNP,Q-METRO").put("skipped", "")
                    .put("explanation", "NORMAL CRIME call from district " + district + " (LIMA): rule #7 matched").encode());
            return null;
        });
        return id;
    }

    public long incidentOf(UUID call) {
        return jdbc.tx("test", tx -> tx.one("SELECT incident_id FROM call WHERE id = ?", rs -> rs.getLong(1), call)).orElseThrow();
    }

    public long count(String sql, Object... params) {
        return jdbc.tx("test count", tx -> tx.one(sql, rs -> rs.getLong(1), params)).orElseThrow();
    }

    @Override
    public void close() {
        node.close();
    }

    public final class Client {
        private final CookieManager cookies = new CookieManager();
        private final HttpClient http;
        private String csrf;

        Client() {
            http = HttpClient.newBuilder().cookieHandler(cookies).build();
        }

        Client(java.net.InetAddress from) {
            http = HttpClient.newBuilder().cookieHandler(cookies).localAddress(from).build();
        }

        public HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        public HttpResponse<String> post(String path, JsonObject body) throws Exception {
            return send("POST", path, body);
        }

        public HttpResponse<String> patch(String path, JsonObject body) throws Exception {
            return send("PATCH", path, body);
        }

        public HttpResponse<String> put(String path, JsonObject body) throws Exception {
            return send("PUT", path, body);
        }

        public HttpResponse<String> delete(String path) throws Exception {
            return send("DELETE", path, null);
        }

        public HttpResponse<String> send(String method, String path, JsonObject body) throws Exception {
            return send(method, path, body, true);
        }

        public HttpResponse<String> send(String method, String path, JsonObject body, boolean withCsrf) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
                    .header("Content-Type", "application/json");
            if (withCsrf && csrf != null) {
                b.header("X-CSRF-Token", csrf);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (path.equals("/api/login") && r.statusCode() == 200) {
                csrf = new JsonObject(r.body()).getString("csrfToken");
            }
            return r;
        }

        /** Any body text (malformed JSON, arrays, megabytes), with the CSRF token when there is one. */
        public HttpResponse<String> sendText(String method, String path, String body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
            if (csrf != null) {
                b.header("X-CSRF-Token", csrf);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        public String sessionCookie() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("cu_session"))
                    .findFirst().map(c -> c.getName() + "=" + c.getValue()).orElse(null);
        }
    }
}
