package pe.centralunica.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.Environment;
import pe.centralunica.console.security.PasswordHasher;
import pe.centralunica.console.security.Role;
import pe.centralunica.console.security.Users;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.db.testing.TestDatabases;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS when a certificate is configured (PKCS#12 or PEM), with HSTS and Secure cookies; plain HTTP said plainly. */
class HttpsTest {

    private static final String STORE_PASSWORD = "keystore-pass-2026";
    private static final String PASSWORD = "correct-horse-battery";

    /** A self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    private static Path keystore(Path dir) throws Exception {
        Path store = dir.resolve("console.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "console", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", STORE_PASSWORD).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("keytool: %s", output).isTrue();
        return store;
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        return ks;
    }

    private static HttpClient trusting(Path store) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(store));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static Node start(Map<String, String> extra) {
        Map<String, String> env = TestEnvironment.node(TestDatabases.freshSettings());
        env.putAll(extra);
        Node node = Node.start(AppSettings.from(new Environment(env), true), false);
        new Users(new Jdbc(node.database().dataSource()), new PasswordHasher()).create(new Users.NewUser("supervisor", "Supervisor",
                PASSWORD, Role.SUPERVISOR, Optional.empty(), Optional.empty()), "test");
        return node;
    }

    private static HttpResponse<String> login(HttpClient http, String base) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "supervisor").put("password", PASSWORD)
                        .encode())).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withAPkcs12KeystoreTheConsoleIsServedOverHttpsWithHstsAndSecureCookies(@TempDir Path dir) throws Exception {
        Path store = keystore(dir);
        try (Node node = start(Map.of("CU_TLS_KEYSTORE", store.toString(), "CU_TLS_KEYSTORE_PASSWORD", STORE_PASSWORD))) {
            HttpClient https = trusting(store);
            String base = "https://127.0.0.1:" + node.httpPort();
            HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create(base + "/api/districts")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(v -> assertThat(v).startsWith("max-age="));
            HttpResponse<String> signedIn = login(https, base);
            assertThat(signedIn.statusCode()).isEqualTo(200);
            assertThat(signedIn.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("cu_session=").contains("Secure")
                    .containsIgnoringCase("HttpOnly");
            // Plain HTTP on the same port gets no console.
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + node.httpPort() + "/api/districts")).build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void withPemFilesTheConsoleIsServedOverHttps(@TempDir Path dir) throws Exception {
        Path store = keystore(dir);
        KeyStore ks = load(store);
        Path cert = Files.writeString(dir.resolve("console.crt"), pem("CERTIFICATE", ks.getCertificate("console").getEncoded()));
        Path key = Files.writeString(dir.resolve("console.key"), pem("PRIVATE KEY",
                ks.getKey("console", STORE_PASSWORD.toCharArray()).getEncoded()));
        try (Node node = start(Map.of("CU_TLS_CERT", cert.toString(), "CU_TLS_KEY", key.toString()))) {
            HttpResponse<String> signedIn = login(trusting(store), "https://127.0.0.1:" + node.httpPort());
            assertThat(signedIn.statusCode()).isEqualTo(200);
            assertThat(signedIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure");
            assertThat(signedIn.headers().firstValue("Strict-Transport-Security")).isPresent();
        }
    }

    @Test
    void withoutACertificateTheStartSaysPlainlyThatHttpsIsOffAndNoHstsIsSent() throws Exception {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        // The console's wiring unit says it at start-up.
        var logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("pe.centralunica.app.wiring.ConsoleWiring");
        logger.addAppender(appender);
        try (Node node = start(Map.of())) {
            String base = "http://127.0.0.1:" + node.httpPort();
            HttpResponse<String> signedIn = login(HttpClient.newHttpClient(), base);
            assertThat(signedIn.statusCode()).isEqualTo(200);
            assertThat(signedIn.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContain("Secure");
            assertThat(signedIn.headers().firstValue("Strict-Transport-Security")).isEmpty();
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("HTTPS is OFF").contains("CU_TLS_CERT"));
    }

    @Test
    void aWrongKeystorePasswordOrTwoCertificateSourcesEndWithOneLineNamingTheVariable(@TempDir Path dir) throws Exception {
        Path store = keystore(dir);
        Map<String, String> env = TestEnvironment.node(TestDatabases.freshSettings());
        env.put("CU_TLS_KEYSTORE", store.toString());
        env.put("CU_TLS_KEYSTORE_PASSWORD", "not-the-keystore-password");
        var err = new ByteArrayOutputStream();
        int code = new Main(env, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[]{"serve"});
        assertThat(code).isEqualTo(Main.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("CU_TLS_KEYSTORE").doesNotContain("not-the-keystore-password");

        env.put("CU_TLS_CERT", store.toString());
        var err2 = new ByteArrayOutputStream();
        assertThat(new Main(env, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err2, true, StandardCharsets.UTF_8))
                .run(new String[]{"serve"})).isEqualTo(Main.EXIT_CONFIG);
        assertThat(err2.toString(StandardCharsets.UTF_8)).contains("CU_TLS_KEYSTORE").contains("not both");
    }

    @Test
    void healthShowsOnlyStatusesToARemoteCallerAndDetailsOnThisHost() throws Exception {
        try (Node node = start(Map.of("CU_TRUST_PROXY", "true"))) {
            String url = "http://127.0.0.1:" + node.httpPort() + "/health";
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> remote = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("X-Forwarded-For", "203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());
            JsonObject body = new JsonObject(remote.body());
            assertThat(body.getString("status")).isNotBlank();
            assertThat(body.getJsonObject("components").getJsonObject("database").getString("status")).isEqualTo("UP");
            assertThat(remote.body()).doesNotContain("details").doesNotContain("agiPort").doesNotContain("reason");
            HttpResponse<String> local = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(new JsonObject(local.body()).getJsonObject("components").getJsonObject("callPath").getJsonObject("details")
                    .getInteger("agiPort")).isEqualTo(node.agiPort());
        }
    }
}
