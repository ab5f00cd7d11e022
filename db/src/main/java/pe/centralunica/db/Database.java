package pe.centralunica.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The node's connection pool and its schema.
 *
 * <p>JDBC is blocking. Callers run it on virtual threads (each AGI call already has one; HTTP handlers hop
 * to one), never on a Vert.x event loop: on JDK 25 a virtual thread blocked in pgjdbc unmounts from its
 * carrier, so a slow query costs a parked virtual thread, not a platform thread.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens the pool. Fails fast (within the connection timeout) when the database cannot be reached. */
    public static Database open(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("central-unica-db");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(settings.connectionTimeout().toMillis(), 2_000));
        config.setInitializationFailTimeout(settings.connectionTimeout().toMillis());
        config.addDataSourceProperty("ApplicationName", "central-unica");
        config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectionTimeout().toSeconds())));
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new Database(new HikariDataSource(config));
    }

    /** Applies the Flyway migrations shipped in this module; returns how many ran. */
    public int migrate() {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** True when a connection can be borrowed and answers within {@code timeout}. */
    public boolean isReachable(Duration timeout) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }

    /** Pool figures for /metrics. */
    public PoolStats poolStats() {
        var mx = dataSource.getHikariPoolMXBean();
        if (mx == null) {
            return new PoolStats(0, 0, 0, dataSource.getMaximumPoolSize());
        }
        return new PoolStats(mx.getActiveConnections(), mx.getIdleConnections(), mx.getThreadsAwaitingConnection(),
                dataSource.getMaximumPoolSize());
    }

    public record PoolStats(int active, int idle, int waiting, int max) {
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
