package pe.centralunica.db.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The one place that decides which PostgreSQL the tests of every module use:
 * {@code TEST_DB_URL} (environment or system property) if set, else Testcontainers when a Docker engine
 * answers, else an embedded PostgreSQL (zonky). The server is started once per JVM; every
 * {@link #fresh()} call gets its own new, empty database on it, so test classes never see each other's rows.
 */
public final class TestDatabases {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabases.class);
    private static Server server;
    private static final java.util.List<String> created = new java.util.ArrayList<>();

    private TestDatabases() {
    }

    /** A new empty database (not migrated). */
    public static synchronized DatabaseSettings freshSettings() {
        if (server == null) {
            server = startServer();
            LOG.info("Tests use PostgreSQL from {}", server.source());
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropCreated, "drop-test-databases"));
        }
        String name = "cu_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection admin = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
             Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
            created.add(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + server.source() + ": " + e.getMessage(), e);
        }
        return DatabaseSettings.of(server.urlFor(name), server.user(), server.password());
    }

    /** Test databases on a shared server (TEST_DB_URL) are dropped when the JVM ends. */
    private static synchronized void dropCreated() {
        if (server == null || created.isEmpty()) {
            return;
        }
        try (Connection admin = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
             Statement st = admin.createStatement()) {
            for (String name : created) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            // best effort: the server may already be gone (embedded/container); leftovers are named cu_test_*
        }
    }

    /** A new database with the full schema and reference data migrated in. */
    public static Database fresh() {
        Database db = Database.open(freshSettings());
        db.migrate();
        return db;
    }

    /** Describes where the server comes from (for skip/diagnostic messages). */
    public static synchronized String source() {
        return server == null ? "(not started)" : server.source();
    }

    private static Server startServer() {
        String url = setting("TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return Server.fromUrl(url, setting("TEST_DB_USER"), setting("TEST_DB_PASSWORD"));
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return Server.fromUrl(container.getJdbcUrl(), container.getUsername(), container.getPassword())
                    .withSource("Testcontainers " + container.getDockerImageName());
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception ignored) {
                    // the JVM is going away; the temp directory is removed by zonky's own hook
                }
            }));
            return Server.fromUrl(pg.getJdbcUrl("postgres", "postgres"), "postgres", null)
                    .withSource("embedded PostgreSQL (zonky) on port " + pg.getPort());
        } catch (Exception e) {
            throw new IllegalStateException("no test database: set TEST_DB_URL, or provide Docker, "
                    + "or let embedded PostgreSQL start (" + e.getMessage() + ")", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static String setting(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            v = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
        }
        return v != null ? v : System.getenv(name);
    }

    /** A PostgreSQL server: the database named in the URL is used only to issue CREATE DATABASE. */
    private record Server(String adminUrl, String user, String password, String source) {

        static Server fromUrl(String jdbcUrl, String user, String password) {
            return new Server(jdbcUrl, user == null ? "postgres" : user, password, jdbcUrl);
        }

        Server withSource(String newSource) {
            return new Server(adminUrl, user, password, newSource);
        }

        /** Same host, port and parameters; another database name. */
        String urlFor(String database) {
            String prefix = "jdbc:postgresql://";
            int slash = adminUrl.indexOf('/', prefix.length());
            int query = adminUrl.indexOf('?', slash);
            String base = adminUrl.substring(0, slash + 1);
            return base + database + (query >= 0 ? adminUrl.substring(query) : "");
        }
    }
}
