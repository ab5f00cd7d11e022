package pe.centralunica.console.desk;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.console.http.Access;
import pe.centralunica.console.http.Endpoint;
import pe.centralunica.console.security.LoginThrottle;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route has an access rule and keeps to it; sessions, CSRF, throttling and audit of sign-ins. */
class SecurityTest {

    private static ConsoleNode console;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
    }

    /** Every test starts with no failed sign-ins counted (they all come from 127.0.0.1). */
    @org.junit.jupiter.api.BeforeEach
    void forgetFailedSignIns() {
        console.jdbc.tx("forget", tx -> tx.update("DELETE FROM login_failure"));
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    private static String concrete(String path) {
        return path.replace(":uniqueid", "1700000000.1").replace(":id", "1").replace(":key", "X").replace("*", "index.html");
    }

    private static List<Endpoint> endpoints() {
        return console.node.api().endpoints();
    }

    @Test
    void everyRouteInTheRouterIsARegisteredEndpointWithAnAccessRule() {
        Set<String> registered = new HashSet<>();
        // Vert.x reports a prefix route "/console/*" as "/console/".
        endpoints().forEach(e -> registered.add(e.method() + " " + e.path().replace("*", "")));
        Set<String> routed = new HashSet<>();
        for (Route r : console.node.api().router().getRoutes()) {
            if (r.getPath() == null) {
                continue; // the security-header, not-found and failure handlers match every path
            }
            assertThat(r.methods()).as("route %s must name its method", r.getPath()).isNotEmpty();
            r.methods().forEach(m -> routed.add(m + " " + r.getPath()));
        }
        assertThat(routed).as("routed but not registered").isSubsetOf(registered);
        assertThat(registered).as("registered but not routed").isSubsetOf(routed);
        assertThat(endpoints()).filteredOn(e -> e.access() == Access.ADMIN).hasSizeGreaterThan(15);
    }

    @Test
    void everyNonPublicRouteAnswers401WithoutASession() throws Exception {
        var anonymous = console.client();
        int checked = 0;
        for (Endpoint e : endpoints()) {
            if (e.access() == Access.PUBLIC) {
                continue;
            }
            HttpResponse<String> r = anonymous.send(e.method().name(), concrete(e.path()), new JsonObject(), false);
            assertThat(r.statusCode()).as(e.method() + " " + e.path()).isEqualTo(401);
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void everyRouteAboveARoleAnswers403ToThatRole() throws Exception {
        var dispatcher = console.login("disp.miraflores");
        var supervisor = console.login("supervisor");
        for (Endpoint e : endpoints()) {
            if (e.access() == Access.SUPERVISOR || e.access() == Access.ADMIN) {
                HttpResponse<String> r = dispatcher.send(e.method().name(), concrete(e.path()), new JsonObject());
                assertThat(r.statusCode()).as("dispatcher: " + e.method() + " " + e.path()).isEqualTo(403);
            }
            if (e.access() == Access.ADMIN) {
                HttpResponse<String> r = supervisor.send(e.method().name(), concrete(e.path()), new JsonObject());
                assertThat(r.statusCode()).as("supervisor: " + e.method() + " " + e.path()).isEqualTo(403);
            }
        }
    }

    @Test
    void everyStateChangeWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        var admin = console.login("admin");
        long audit = console.count("SELECT count(*) FROM audit_log");
        for (Endpoint e : endpoints()) {
            if (e.access() == Access.PUBLIC || e.method() == HttpMethod.GET) {
                continue;
            }
            HttpResponse<String> r = admin.send(e.method().name(), concrete(e.path()), new JsonObject(), false);
            assertThat(r.statusCode()).as(e.method() + " " + e.path()).isEqualTo(403);
            assertThat(r.body()).contains("X-CSRF-Token");
        }
        assertThat(console.count("SELECT count(*) FROM audit_log")).isEqualTo(audit);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndTheTokenIsNotStored() throws Exception {
        var c = console.client();
        HttpResponse<String> r = c.post("/api/login", new JsonObject().put("username", "admin").put("password", ConsoleNode.PASSWORD));
        assertThat(r.statusCode()).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("cu_session=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        String token = setCookie.substring("cu_session=".length(), setCookie.indexOf(';'));
        assertThat(console.count("SELECT count(*) FROM console_session WHERE token_hash = ? OR csrf_token = ?", token, token)).isZero();
        assertThat(new JsonObject(r.body()).getString("role")).isEqualTo("ADMIN");
        assertThat(console.count("SELECT count(*) FROM app_user WHERE password_hash LIKE 'pbkdf2-sha256$600000$%'")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void logoutEndsTheSessionForEveryNode() throws Exception {
        var c = console.login("supervisor");
        assertThat(c.get("/api/me").statusCode()).isEqualTo(200);
        assertThat(c.post("/api/logout", null).statusCode()).isEqualTo(204);
        assertThat(c.get("/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    void aDeactivatedUserIsSignedOutAtOnce() throws Exception {
        var admin = console.login("admin");
        var victim = console.client();
        JsonObject created = new JsonObject(admin.post("/api/admin/users", new JsonObject().put("username", "temp.user")
                .put("displayName", "Temp").put("password", "long-enough-password").put("role", "DISPATCHER")).body());
        assertThat(victim.post("/api/login", new JsonObject().put("username", "temp.user").put("password", "long-enough-password"))
                .statusCode()).isEqualTo(200);
        assertThat(admin.patch("/api/admin/users/" + created.getLong("id"), new JsonObject().put("active", false)).statusCode()).isEqualTo(200);
        assertThat(victim.get("/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    void aStrangerGuessingFromAnotherAddressCannotLockTheDispatcherOut() throws Exception {
        var stranger = console.clientFrom("127.0.0.2");
        for (int i = 0; i < LoginThrottle.PER_USER_AND_ADDRESS; i++) {
            var r = stranger.post("/api/login", new JsonObject().put("username", "disp.sjl").put("password", "wrong-password-" + i));
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("wrong username or password");
        }
        var blocked = stranger.post("/api/login", new JsonObject().put("username", "disp.sjl").put("password", ConsoleNode.PASSWORD));
        assertThat(blocked.statusCode()).as("the guessing machine waits, even with the right password").isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        // The dispatcher at their own desk signs in at once.
        var atTheDesk = console.client();
        assertThat(atTheDesk.post("/api/login", new JsonObject().put("username", "disp.sjl").put("password", ConsoleNode.PASSWORD))
                .statusCode()).isEqualTo(200);
        assertThat(atTheDesk.get("/api/me").statusCode()).isEqualTo(200);
        assertThat(console.count("SELECT count(*) FROM audit_log WHERE action = 'LOGIN' AND actor = 'disp.sjl'")).isPositive();
    }

    @Test
    void throttledSignInsAddNothingToTheAuditLog() throws Exception {
        var stranger = console.clientFrom("127.0.0.3");
        for (int i = 0; i < LoginThrottle.PER_USER_AND_ADDRESS; i++) {
            stranger.post("/api/login", new JsonObject().put("username", "admin").put("password", "wrong-password-" + i));
        }
        long audited = console.count("SELECT count(*) FROM audit_log");
        long failures = console.count("SELECT count(*) FROM login_failure");
        assertThat(console.count("SELECT count(*) FROM audit_log WHERE action = 'LOGIN_FAILED' AND actor = 'admin'"))
                .isEqualTo(LoginThrottle.PER_USER_AND_ADDRESS);
        for (int i = 0; i < 200; i++) {
            assertThat(stranger.post("/api/login", new JsonObject().put("username", "admin").put("password", "guess-" + i))
                    .statusCode()).isEqualTo(429);
        }
        assertThat(console.count("SELECT count(*) FROM audit_log")).isEqualTo(audited);
        assertThat(console.count("SELECT count(*) FROM login_failure")).isEqualTo(failures);
    }

    @Test
    void aUsernameNoUserCanHaveIsRefusedBeforeTheThrottleAndTheAuditLog() throws Exception {
        var c = console.client();
        long audited = console.count("SELECT count(*) FROM audit_log");
        for (String name : List.of("x".repeat(100_000), "ab", "robert'); DROP TABLE app_user;--", "ñandú")) {
            var r = c.post("/api/login", new JsonObject().put("username", name).put("password", "whatever-password"));
            assertThat(r.statusCode()).as(name.length() > 50 ? "long name" : name).isEqualTo(400);
            assertThat(r.body()).contains("3 to 40 characters").doesNotContain(name.length() > 50 ? name.substring(0, 50) : "DROP");
        }
        assertThat(console.count("SELECT count(*) FROM audit_log")).isEqualTo(audited);
        assertThat(console.count("SELECT count(*) FROM login_failure")).isZero();
    }

    @Test
    void aHashOfTheOldCostStillSignsInAndIsUpgradedOnTheWay() throws Exception {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        var spec = new javax.crypto.spec.PBEKeySpec(ConsoleNode.PASSWORD.toCharArray(), salt, 210_000, 256);
        byte[] hash = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        var b64 = java.util.Base64.getEncoder().withoutPadding();
        String old = "pbkdf2-sha256$210000$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        console.jdbc.tx("old hash", tx -> tx.update("UPDATE app_user SET password_hash = ? WHERE username = 'supervisor'", old));

        var c = console.login("supervisor");
        assertThat(c.get("/api/me").statusCode()).isEqualTo(200);
        assertThat(console.count("SELECT count(*) FROM app_user WHERE username = 'supervisor' AND password_hash LIKE"
                + " 'pbkdf2-sha256$600000$%'")).isEqualTo(1);
        console.login("supervisor"); // the new hash verifies too
        assertThat(console.client().post("/api/login", new JsonObject().put("username", "supervisor")
                .put("password", "not-the-password")).statusCode()).isEqualTo(401);
    }

    @Test
    void badLoginInputIsA4xxWithAClearMessage() throws Exception {
        var c = console.client();
        assertThat(c.post("/api/login", new JsonObject().put("username", 5)).statusCode()).isEqualTo(400);
        var wrongType = c.send("POST", "/api/login", null, false);
        assertThat(wrongType.statusCode()).isEqualTo(400);
    }

    @Test
    void theAdminPageIsServedToAdminsOnly() throws Exception {
        assertThat(console.client().get("/console/admin.html").statusCode()).isEqualTo(401);
        assertThat(console.login("disp.miraflores").get("/console/admin.html").statusCode()).isEqualTo(403);
        assertThat(console.login("admin").get("/console/admin.html").statusCode()).isEqualTo(200);
        assertThat(console.client().get("/console/").statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredSessionIsRefusedEverywhere() throws Exception {
        var c = console.login("disp.miraflores");
        assertThat(c.get("/api/me").statusCode()).isEqualTo(200);
        console.jdbc.tx("expire", tx -> tx.update("UPDATE console_session SET expires_at = now() - interval '1 second'"
                + " WHERE user_id = (SELECT id FROM app_user WHERE username = 'disp.miraflores')"));
        HttpResponse<String> r = c.get("/api/me");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("session has ended");
    }

    @Test
    void guessingAcrossManyUsernamesFromOneAddressIsThrottled() throws Exception {
        var c = console.client();
        for (int i = 0; i < LoginThrottle.PER_ADDRESS; i++) {
            assertThat(c.post("/api/login", new JsonObject().put("username", "nobody" + i).put("password", "guess-" + i))
                    .statusCode()).isEqualTo(401);
        }
        assertThat(c.post("/api/login", new JsonObject().put("username", "nobody-else").put("password", "guess")).statusCode())
                .isEqualTo(429);
    }
}
