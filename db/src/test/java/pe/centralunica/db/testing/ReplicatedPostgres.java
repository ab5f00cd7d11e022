package pe.centralunica.db.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL primary and a streaming-replication standby made for one test: {@code initdb} of a primary in
 * a temporary directory on a free port, {@code pg_basebackup -R} of it into a second directory, a second
 * {@code postgres} on another free port as a synchronous standby. {@link #failover()} stops the primary as a crash
 * would ({@code pg_ctl stop -m immediate}) and promotes the standby ({@code pg_ctl promote}).
 *
 * <p>Replication is synchronous ({@code synchronous_standby_names = '*'} on the primary): a commit returns only
 * once the standby has it, so no acknowledged commit is lost when the primary dies — what a deployment that
 * promises "no lost event" must configure too (see the README). The standby has no synchronous standby of its
 * own, so it accepts commits at once after its promotion.
 *
 * <p>PostgreSQL refuses to run as root: as root every binary runs as the {@code postgres} OS user through
 * {@code runuser}. {@link #whyUnavailable()} says why a test must skip (binaries or that user missing).
 */
public final class ReplicatedPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedPostgres.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path bin;
    private final Path root;
    private final Path primaryDir;
    private final Path standbyDir;
    private final int primaryPort;
    private final int standbyPort;
    private boolean primaryRunning;
    private boolean standbyRunning;

    private ReplicatedPostgres(Path bin, Path root, int primaryPort, int standbyPort) {
        this.bin = bin;
        this.root = root;
        this.primaryDir = root.resolve("primary");
        this.standbyDir = root.resolve("standby");
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
    }

    /** The newest installed server binaries ({@code /usr/lib/postgresql/<version>/bin}), if any. */
    static Optional<Path> serverBinaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) return Optional.empty();
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Stream.of("initdb", "pg_ctl", "pg_basebackup", "postgres").allMatch(n -> Files.isExecutable(b.resolve(n))))
                    .max(Comparator.comparing(b -> versionOf(b.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Why a primary + standby cannot be made here, or empty when it can. */
    public static Optional<String> whyUnavailable() {
        if (serverBinaries().isEmpty()) {
            return Optional.of("no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup, postgres) under /usr/lib/postgresql/*/bin");
        }
        if (root()) {
            if (!Files.isExecutable(Path.of("/usr/sbin/runuser")) && !Files.isExecutable(Path.of("/sbin/runuser"))) {
                return Optional.of("running as root without runuser: PostgreSQL refuses to run as root");
            }
            try {
                Process p = new ProcessBuilder("id", "-u", "postgres").redirectErrorStream(true).start();
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return Optional.of("running as root and there is no 'postgres' OS user to run PostgreSQL as");
                }
            } catch (IOException | InterruptedException e) {
                return Optional.of("cannot check for the 'postgres' OS user: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** initdb, start the primary, base-backup it, start the standby, wait until it replicates synchronously. */
    public static ReplicatedPostgres start() throws IOException, InterruptedException {
        Path bin = serverBinaries().orElseThrow(() -> new IllegalStateException(whyUnavailable().orElse("no binaries")));
        Path root = Files.createTempDirectory("cu-pgha-");
        ReplicatedPostgres pg = new ReplicatedPostgres(bin, root, freePort(), freePort());
        try {
            pg.init();
            return pg;
        } catch (IOException | InterruptedException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    private void init() throws IOException, InterruptedException {
        if (root()) run("chown", "postgres", root.toString());
        pg("initdb", "-D", primaryDir.toString(), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
        // fsync off: the test stops processes, never the machine; the OS keeps what they wrote.
        Files.writeString(primaryDir.resolve("postgresql.conf"), """

                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                wal_level = replica
                max_wal_senders = 4
                shared_buffers = 32MB
                fsync = off
                synchronous_standby_names = '*'
                synchronous_commit = on
                """.formatted(primaryPort, root), StandardOpenOption.APPEND);
        pgCtl(primaryDir, "start");
        primaryRunning = true;
        pg("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(primaryPort), "-U", "postgres", "-D", standbyDir.toString(),
                "-R", "-X", "stream", "-c", "fast", "--no-sync");
        // -R wrote standby.signal and primary_conninfo; the standby listens on its own port and, once promoted,
        // must not wait for a standby of its own.
        Files.writeString(standbyDir.resolve("postgresql.auto.conf"), "\nport = " + standbyPort
                + "\nsynchronous_standby_names = ''\n", StandardOpenOption.APPEND);
        pgCtl(standbyDir, "start");
        standbyRunning = true;
        awaitSynchronousStandby();
        LOG.info("PostgreSQL primary on 127.0.0.1:{}, synchronous standby on 127.0.0.1:{} ({})", primaryPort, standbyPort, root);
    }

    private void awaitSynchronousStandby() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(directUrl(primaryPort, "postgres"), "postgres", "");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT sync_state FROM pg_stat_replication")) {
                last = rs.next() ? rs.getString(1) : "(no standby connected)";
                if ("sync".equals(last)) return;
            } catch (SQLException e) {
                last = e.getMessage();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the standby did not become a synchronous standby within 30 s: " + last);
    }

    /** A new database on the primary (replicated to the standby like everything else). */
    public void createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(directUrl(primaryPort, "postgres"), "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
    }

    /**
     * The URL a deployment gives its nodes: both servers, and pgjdbc connects only to the one that accepts writes
     * ({@code targetServerType=primary}), re-checking which one that is every {@code hostRecheckSeconds}.
     */
    public String multiHostUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + standbyPort + "/" + database
                + "?targetServerType=primary&hostRecheckSeconds=2";
    }

    /** One server only (to count rows on the new primary, or to check the old one is gone). */
    public String standbyUrl(String database) {
        return directUrl(standbyPort, database);
    }

    private static String directUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The primary dies (immediate stop: no shutdown checkpoint, as in a crash); the standby is promoted. */
    public void failover() throws IOException, InterruptedException {
        pg("pg_ctl", "-D", primaryDir.toString(), "-m", "immediate", "-w", "stop");
        primaryRunning = false;
        pg("pg_ctl", "-D", standbyDir.toString(), "-w", "promote");
        LOG.info("PostgreSQL primary 127.0.0.1:{} stopped; 127.0.0.1:{} promoted", primaryPort, standbyPort);
    }

    /** True when the standby (or promoted standby) accepts writes. */
    public boolean standbyIsPrimary() {
        try (Connection c = DriverManager.getConnection(directUrl(standbyPort, "postgres"), "postgres", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
            return rs.next() && !rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    private void pgCtl(Path dir, String action) throws IOException, InterruptedException {
        pg("pg_ctl", "-D", dir.toString(), "-l", dir.resolveSibling(dir.getFileName() + ".log").toString(), "-w", "-t", "60", action);
    }

    private void pg(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (root()) command.addAll(List.of("runuser", "-u", "postgres", "--"));
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        run(command.toArray(String[]::new));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": no exit within " + COMMAND_TIMEOUT);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + new String(out).strip());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops whatever still runs and deletes both data directories. */
    @Override
    public void close() {
        if (primaryRunning) stopQuietly(primaryDir);
        if (standbyRunning) stopQuietly(standbyDir);
        primaryRunning = false;
        standbyRunning = false;
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", root, e.getMessage());
        }
    }

    private void stopQuietly(Path dir) {
        try {
            pg("pg_ctl", "-D", dir.toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException | InterruptedException e) {
            LOG.warn("could not stop the test PostgreSQL in {}: {}", dir, e.getMessage());
        }
    }
}
