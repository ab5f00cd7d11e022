package pe.centralunica.app.wiring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.console.config.ConfigurationException;
import pe.centralunica.app.database.DatabaseStartup;
import pe.centralunica.app.database.EmbeddedDatabase;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.journal.JournalSettings;
import pe.centralunica.db.journal.SpooledCallJournal;

/**
 * PostgreSQL (embedded for the demo when no CU_DB_URL is set), the schema, and the call journal that spools to
 * the local disk and ships to it. Everything else writes through these, so they close last.
 */
public final class StorageWiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageWiring.class);

    private final ShutdownOrder parts;
    private final Database database;
    private final SpooledCallJournal journal;

    private StorageWiring(ShutdownOrder parts, Database database, SpooledCallJournal journal) {
        this.parts = parts;
        this.database = database;
        this.journal = journal;
    }

    public static StorageWiring start(AppSettings settings, boolean embeddedDatabaseAllowed) {
        ShutdownOrder parts = new ShutdownOrder();
        try {
            DatabaseSettings dbSettings;
            if (settings.database().isPresent()) {
                dbSettings = settings.database().get();
            } else if (embeddedDatabaseAllowed) {
                dbSettings = parts.add(EmbeddedDatabase.start(settings.dataDir())).settings();
            } else {
                throw new ConfigurationException("CU_DB_URL", "not set");
            }
            Database database = parts.add(DatabaseStartup.open(dbSettings));
            if (settings.migrateOnStart()) {
                int ran = database.migrate();
                LOG.info("Database schema current ({} migration(s) applied now)", ran);
            }
            SpooledCallJournal journal;
            try {
                journal = SpooledCallJournal.start(JournalSettings.defaults(settings.spoolDir()), database.shippingDataSource());
            } catch (RuntimeException e) {
                // Lock held by another node, no permission, disk full: all fixed by pointing at a usable directory.
                throw new ConfigurationException("CU_SPOOL_DIR", e.getMessage());
            }
            parts.add(journal);
            LOG.info("Call journal spooling to {}", settings.spoolDir());
            return new StorageWiring(parts, database, journal);
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    public Database database() {
        return database;
    }

    public SpooledCallJournal journal() {
        return journal;
    }

    @Override
    public void close() {
        parts.close();
    }
}
