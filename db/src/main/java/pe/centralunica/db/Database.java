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
 * The node's connection pools and its schema.
 *
 * <p>Three pools, so that one kind of work stalled on PostgreSQL cannot take the connections of another
 * (bulkheads), each with a socket timeout (a server that stops answering without closing the connection
 * frees it), TCP keep-alive (a dead peer is noticed) and a server-side statement timeout:
 * <ul>
 *   <li>{@link #callPathDataSource()}: the IVR's caller lookups — 4 connections, 250 ms to get one, 1 s per
 *       statement, 2 s socket timeout (a caller's lookup has a budget of a few hundred ms anyway);</li>
 *   <li>{@link #dataSource()}: the console, rule reloads, administration — {@code maxPoolSize} connections,
 *       5 s per statement, 6 s socket timeout, so a console request fails fast instead of hanging;</li>
 *   <li>{@link #shippingDataSource()}: the journal shipper — 2 connections, 30 s per statement (batches of
 *       1,000 events with derivation), 35 s socket timeout.</li>
 * </ul>
 * Migrations run on their own connection without these timeouts.
 *
 * <p>JDBC is blocking. Callers run it on virtual threads (each AGI call already has one; HTTP handlers hop
 * to one), never on a Vert.x event loop: on JDK 25 a virtual thread blocked in pgjdbc unmounts from its
 * carrier, so a slow query costs a parked virtual thread, not a platform thread.
 */
public final class Database implements AutoCloseable {

    /** One bulkhead's size and timeouts. */
    private record PoolShape(String name, int size, Duration borrowTimeout, Duration statementTimeout,
                             Duration socketTimeout, boolean failFast) {
    }

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;
    private final HikariDataSource callPath;
    private final HikariDataSource shipping;

    private Database(DatabaseSettings settings, HikariDataSource dataSource, HikariDataSource callPath,
                     HikariDataSource shipping) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.callPath = callPath;
        this.shipping = shipping;
    }

    /** Opens the pools. Fails fast (within the connection timeout) when the database cannot be reached. */
    public static Database open(DatabaseSettings settings) {
        HikariDataSource general = pool(settings, new PoolShape("central-unica-db", settings.maxPoolSize(),
                settings.connectionTimeout(), Duration.ofSeconds(5), Duration.ofSeconds(6), true));
        try {
            HikariDataSource callPath = pool(settings, new PoolShape("central-unica-callpath", 4,
                    Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(2), false));
            HikariDataSource shipping = pool(settings, new PoolShape("central-unica-shipping", 2,
                    settings.connectionTimeout(), Duration.ofSeconds(30), Duration.ofSeconds(35), false));
            return new Database(settings, general, callPath, shipping);
        } catch (RuntimeException e) {
            general.close();
            throw e;
        }
    }

    private static HikariDataSource pool(DatabaseSettings settings, PoolShape shape) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(shape.name());
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(shape.size());
        config.setMinimumIdle(Math.min(2, shape.size()));
        config.setConnectionTimeout(Math.max(250, shape.borrowTimeout().toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(shape.borrowTimeout().toMillis(), 2_000)));
        // Only the first pool proves the database answers at start; the others fill in lazily.
        config.setInitializationFailTimeout(shape.failFast() ? settings.connectionTimeout().toMillis() : -1);
        config.addDataSourceProperty("ApplicationName", "central-unica");
        config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectionTimeout().toSeconds())));
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("socketTimeout", String.valueOf(Math.max(1, shape.socketTimeout().toSeconds())));
        // Every statement is planned for its own parameters and the tables as they are now. A generic plan cached
        // while a table was small (a new deployment, a day's first calls, a server without autovacuum) kept
        // scanning the whole call table for each shipped batch and caller lookup: PostgreSQL's CPU per call grew
        // with the calls stored (issue 16). Planning each time costs far less.
        config.addDataSourceProperty("options", "-c statement_timeout=" + shape.statementTimeout().toMillis()
                + " -c plan_cache_mode=force_custom_plan");
        return new HikariDataSource(config);
    }

    /** Applies the Flyway migrations shipped in this module; returns how many ran. */
    public int migrate() {
        MigrateResult result = Flyway.configure()
                .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }

    /** The general pool: console, rule reloads, administration. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The call path's own pool (caller lookups): small, short timeouts, never shared with the console. */
    public DataSource callPathDataSource() {
        return callPath;
    }

    /** The journal shipper's own pool. */
    public DataSource shippingDataSource() {
        return shipping;
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
        callPath.close();
        shipping.close();
        dataSource.close();
    }
}
