package pe.centralunica.app.config;

import pe.centralunica.db.DatabaseSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the node is configured with, read once from environment variables (documented in README).
 *
 * @param database  empty in {@code demo} when CU_DB_URL is unset: an embedded PostgreSQL is started
 * @param ami       empty when CU_AMI_HOST is unset (no Asterisk to watch: the demo's simulator, or tests)
 */
public record AppSettings(Optional<DatabaseSettings> database, String httpHost, int httpPort, int agiPort,
                          Optional<AmiSettings> ami, Path dataDir, Path spoolDir, boolean migrateOnStart) {

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_AGI_PORT = 4573;

    /** Where Asterisk's manager interface is, and the account the app logs in with. */
    public record AmiSettings(String host, int port, String user, String secret) {
        @Override
        public String toString() {
            return "AmiSettings[" + user + "@" + host + ":" + port + "]";
        }
    }

    /** Reads the settings for a subcommand; {@code requireDatabase} is true for serve and migrate. */
    public static AppSettings from(Environment env, boolean requireDatabase) {
        Optional<DatabaseSettings> database = env.optional("CU_DB_URL").map(url -> {
            try {
                return new DatabaseSettings(url, env.string("CU_DB_USER", null), env.string("CU_DB_PASSWORD", null),
                        env.integer("CU_DB_POOL_SIZE", DatabaseSettings.DEFAULT_POOL_SIZE),
                        Duration.ofSeconds(env.integer("CU_DB_CONNECT_TIMEOUT_S", 3)));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("CU_DB_URL", e.getMessage());
            }
        });
        if (requireDatabase && database.isEmpty()) {
            throw new ConfigurationException("CU_DB_URL",
                    "not set; give the PostgreSQL JDBC URL, e.g. CU_DB_URL=jdbc:postgresql://db.example:5432/central_unica "
                            + "(or run `demo` for an embedded database)");
        }
        Optional<AmiSettings> ami = env.optional("CU_AMI_HOST").map(host -> new AmiSettings(host,
                env.port("CU_AMI_PORT", 5038),
                env.string("CU_AMI_USER", "central-unica"),
                env.optional("CU_AMI_SECRET").orElseThrow(() -> new ConfigurationException("CU_AMI_SECRET",
                        "not set while CU_AMI_HOST is; give the secret of the AMI user (manager.conf)"))));
        Path dataDir = Path.of(env.string("CU_DATA_DIR", "data")).toAbsolutePath();
        return new AppSettings(database,
                env.string("CU_HTTP_HOST", "0.0.0.0"),
                env.port("CU_HTTP_PORT", DEFAULT_HTTP_PORT),
                env.port("CU_AGI_PORT", DEFAULT_AGI_PORT),
                ami,
                dataDir,
                env.optional("CU_SPOOL_DIR").map(Path::of).map(Path::toAbsolutePath).orElse(dataDir.resolve("spool")),
                env.bool("CU_DB_MIGRATE", true));
    }
}
