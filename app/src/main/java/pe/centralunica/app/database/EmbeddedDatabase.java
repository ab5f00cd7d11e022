package pe.centralunica.app.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.DatabaseSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's zero-setup PostgreSQL: a real server (zonky's packaged binaries) whose data directory lives
 * under the node's data directory, so a restarted demo keeps its incidents.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path directory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    public static EmbeddedDatabase start(Path dataDir) {
        Path directory = dataDir.resolve("postgres");
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // Stopped by the node, last: zonky's own hook would stop it while the journal still ships.
                    .setRegisterShutdownHook(false)
                    .start();
            LOG.info("Embedded PostgreSQL on 127.0.0.1:{}, data in {}", pg.getPort(), directory);
            return new EmbeddedDatabase(pg, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start (data directory " + directory + ")", e);
        }
    }

    public DatabaseSettings settings() {
        return DatabaseSettings.of(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
