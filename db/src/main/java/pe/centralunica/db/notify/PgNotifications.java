package pe.centralunica.db.notify;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The node's one LISTEN connection (outside the pools, which never lend a connection for good): turns PostgreSQL
 * notifications into {@link ChangeSignal}s, so workers that used to poll a table every few hundred ms sleep until
 * a trigger says something changed. A blocked read costs no CPU; every {@code probeEvery} without a notification
 * one {@code SELECT 1} proves the connection (a server that vanished without closing it is noticed within
 * {@code probeEvery} + the socket timeout). Lost or remade, the connection fires every signal: a notification
 * sent meanwhile was missed, so each worker looks once, and polls at its old pace until listening again.
 */
public final class PgNotifications implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgNotifications.class);
    public static final Duration PROBE_EVERY = Duration.ofSeconds(3);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration MAX_RETRY = Duration.ofSeconds(10);
    private static final Executor ABORT_NOW = Runnable::run;

    private final DatabaseSettings settings;
    private final Duration probeEvery;
    private final Map<String, ChangeSignal> signals = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    private PgNotifications(DatabaseSettings settings, Collection<String> channels, Duration probeEvery) {
        this.settings = settings;
        this.probeEvery = probeEvery;
        for (String channel : channels) {
            if (!channel.matches("[a-z_]{1,63}")) {
                throw new IllegalArgumentException("not a channel name: " + channel);
            }
            signals.put(channel, new ChangeSignal(channel));
        }
        this.thread = Thread.ofPlatform().daemon().name("db-notifications").unstarted(this::run);
    }

    /** Listens on {@code channels} from now on (connecting in the background; until then every signal polls). */
    public static PgNotifications start(DatabaseSettings settings, Collection<String> channels) {
        return start(settings, channels, PROBE_EVERY);
    }

    static PgNotifications start(DatabaseSettings settings, Collection<String> channels, Duration probeEvery) {
        PgNotifications n = new PgNotifications(settings, channels, probeEvery);
        n.thread.start();
        return n;
    }

    /** The signal of a channel given at start. */
    public ChangeSignal signal(String channel) {
        ChangeSignal s = signals.get(channel);
        if (s == null) {
            throw new IllegalArgumentException("not listening on " + channel + " (channels: " + signals.keySet() + ")");
        }
        return s;
    }

    private void run() {
        Duration retry = Duration.ofSeconds(1);
        boolean lostLogged = false;
        while (!closed) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement st = c.createStatement()) {
                    for (String channel : signals.keySet()) {
                        st.execute("LISTEN " + channel);
                    }
                }
                if (lostLogged) {
                    LOG.info("Listening to database notifications again: {}", signals.keySet());
                    lostLogged = false;
                }
                retry = Duration.ofSeconds(1);
                signals.values().forEach(s -> s.listening(true));
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                signals.values().forEach(s -> s.listening(false));
                if (!lostLogged) {
                    LOG.warn("Database notifications unavailable ({}); {} poll at their usual pace until they return",
                            e.getMessage(), signals.keySet());
                    lostLogged = true;
                }
            } finally {
                connection = null;
            }
            try {
                Thread.sleep(retry);
            } catch (InterruptedException e) {
                break;
            }
            retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        }
        signals.values().forEach(s -> s.listening(false));
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        try (Statement probe = c.createStatement()) {
            while (!closed) {
                PGNotification[] arrived = pg.getNotifications((int) probeEvery.toMillis());
                if (arrived == null || arrived.length == 0) {
                    probe.execute("SELECT 1");
                    continue;
                }
                for (PGNotification n : arrived) {
                    ChangeSignal s = signals.get(n.getName());
                    if (s != null) {
                        s.fire();
                    }
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        if (settings.user() != null) {
            p.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            p.setProperty("password", settings.password());
        }
        p.setProperty("ApplicationName", "central-unica-listen");
        p.setProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectionTimeout().toSeconds())));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
        return DriverManager.getConnection(settings.jdbcUrl(), p);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.abort(ABORT_NOW); // the thread may be blocked reading it: close the socket under it
            } catch (SQLException e) {
                LOG.debug("aborting the listening connection: {}", e.getMessage());
            }
        }
        thread.interrupt();
        thread.join(5_000);
    }
}
