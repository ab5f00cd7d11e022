package pe.centralunica.db;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the database is and how many connections the node may hold.
 *
 * <p>The pool is small on purpose: the call path never waits on PostgreSQL (events go through the
 * journal), so connections serve batches, the console and rule reloads, not one query per call.
 */
public record DatabaseSettings(String jdbcUrl, String user, String password, int maxPoolSize,
                               Duration connectionTimeout) {

    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    public DatabaseSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (expected jdbc:postgresql://host:port/db): " + JdbcUrls.redact(jdbcUrl));
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, got " + maxPoolSize);
        }
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    }

    public static DatabaseSettings of(String jdbcUrl, String user, String password) {
        return new DatabaseSettings(jdbcUrl, user, password, DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + JdbcUrls.redact(jdbcUrl) + ", user=" + user + ", pool=" + maxPoolSize + "]";
    }
}
