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
import pe.centralunica.db.notify.PgNotifications;

import java.util.Collection;

/**
 * PostgreSQL (embedded for the demo when no CU_DB_URL is set), the schema, the call journal that spools to
 * the local disk and ships to it, and the one connection that listens for the database's change notifications.
 * Everything else writes through these, so they close last.
 */
public final class StorageWiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageWiring.class);

    private final ShutdownOrder parts;
    private final Database database;
    private final SpooledCallJournal journal;
    private final PgNotifications notifications;

    private StorageWiring(ShutdownOrder parts, Database database, SpooledCallJournal journal, PgNotifications notifications) {
        this.parts = parts;
        this.database = database;
        this.journal = journal;
        this.notifications = notifications;
    }

    /** {@code channels}: the notification channels the node's workers wait on. */
    public static StorageWiring start(AppSettings settings, boolean embeddedDatabaseAllowed, Collection<String> channels) {
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
            PgNotifications notifications = parts.add(PgNotifications.start(dbSettings, channels));
            return new StorageWiring(parts, database, journal, notifications);
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

    public PgNotifications notifications() {
        return notifications;
    }

    @Override
    public void close() {
        parts.close();
    }
}
