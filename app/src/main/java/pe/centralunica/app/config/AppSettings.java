package pe.centralunica.app.config;

import pe.centralunica.console.config.ConfigurationException;
import pe.centralunica.console.exchange.WebhookDelivery;
import pe.centralunica.console.recording.RecordingSettings;
import pe.centralunica.exchange.webhook.Backoff;

import pe.centralunica.ivr.AllowList;
import pe.centralunica.sipconfig.asterisk.Secrets;
import pe.centralunica.sipconfig.sip.SipMonitoring;
import pe.centralunica.ivr.IvrSettings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.ZoneId;

import pe.centralunica.db.DatabaseSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the node is configured with, read once from environment variables (documented in README).
 *
 * @param database  empty in {@code demo} when CU_DB_URL is unset: an embedded PostgreSQL is started
 * @param ami       empty when CU_AMI_HOST is unset (no Asterisk to watch: the demo's simulator, or tests)
 * @param secureCookies the console is reached over HTTPS (served here with {@code tls}, or by a TLS proxy):
 *                  Secure session cookie and HSTS
 * @param tls       the certificate when this node serves HTTPS itself; empty = plain HTTP
 * @param demoSeed  CU_DEMO_SEED: the demo's traffic seed; empty = the clock's (printed at start, so a run can be replayed)
 * @param stopDrain how long a stop waits for IVR sessions in progress (CU_STOP_DRAIN_S)
 * @param cluster   empty unless CU_CLUSTER_MEMBERS is set: then this node joins the others (Vert.x on Hazelcast)
 *                  and tracks its Asterisk only while it holds that Asterisk's lease
 */
public record AppSettings(Optional<DatabaseSettings> database, String httpHost, int httpPort, IvrSettings ivr,
                          Optional<AmiSettings> ami, Path dataDir, Path spoolDir, boolean migrateOnStart,
                          double demoCallsPerMinute, int demoAmiPort, OptionalLong demoSeed,
                          Optional<SipMonitoring.Settings> sipWatch,
                          boolean secureCookies, boolean trustProxy, Optional<TlsSettings> tls, Duration stopDrain,
                          WebhookDelivery.Settings webhooks, RecordingSettings recordings, Optional<ClusterSettings> cluster) {

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_AGI_PORT = 4573;

    /** The same settings with the FastAGI port fixed (the demo chooses one before starting its Asterisk). */
    public AppSettings withAgiPort(int port) {
        return new AppSettings(database, httpHost, httpPort, ivr.withPort(port), ami, dataDir, spoolDir, migrateOnStart,
                demoCallsPerMinute, demoAmiPort, demoSeed, sipWatch, secureCookies, trustProxy, tls, stopDrain, webhooks, recordings, cluster);
    }

    /** The same settings watching another Asterisk (the demo's simulated one). */
    public AppSettings withAmi(AmiSettings newAmi) {
        return new AppSettings(database, httpHost, httpPort, ivr, Optional.of(newAmi), dataDir, spoolDir, migrateOnStart,
                demoCallsPerMinute, demoAmiPort, demoSeed, sipWatch, secureCookies, trustProxy, tls, stopDrain, webhooks, recordings, cluster);
    }

    /**
     * Where Asterisk's manager interface is, and the account the app logs in with.
     *
     * @param queueLog Asterisk's queue_log file as this node sees it (CU_ASTERISK_QUEUE_LOG): after an AMI outage
     *                 the queue steps the stream lost are read from it
     * @param cdrLog   the CDR file sip-config's cdr_custom.conf makes Asterisk write (CU_ASTERISK_CDR_LOG): after an
     *                 AMI outage, the true end of the calls that ended during it
     */
    public record AmiSettings(String host, int port, String user, String secret, Optional<Path> queueLog,
                              Optional<Path> cdrLog) {
        public AmiSettings(String host, int port, String user, String secret) {
            this(host, port, user, secret, Optional.empty(), Optional.empty());
        }

        @Override
        public String toString() {
            return "AmiSettings[" + user + "@" + host + ":" + port + "]";
        }
    }

    /** SIP probes and synthetic calls run when CU_SIP_AGENT_HOST names the address to probe from. */
    private static Optional<SipMonitoring.Settings> sipWatch(Environment env) {
        if (env.optional("CU_SIP_AGENT_HOST").isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SipMonitoring.settingsFrom(env.asMap(), Secrets.from(env.asMap())));
        } catch (Secrets.MissingSecretException e) {
            throw new ConfigurationException(Secrets.FILE_VARIABLE, e.getMessage());
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(':');
            String variable = colon > 0 && message.startsWith("CU_") ? message.substring(0, colon) : "CU_SIP_AGENT_HOST";
            throw new ConfigurationException(variable, colon > 0 ? message.substring(colon + 1).trim() : message);
        }
    }

    private static IvrSettings ivr(Environment env) {
        IvrSettings d = IvrSettings.defaults();
        InetAddress bind;
        String bindText = env.string("CU_AGI_BIND", "127.0.0.1");
        try {
            if (!bindText.matches("[0-9a-fA-F:.]+")) {
                throw new UnknownHostException(bindText);
            }
            bind = InetAddress.getByName(bindText);
        } catch (UnknownHostException e) {
            throw new ConfigurationException("CU_AGI_BIND", "'" + bindText + "' is not an IP address of this host");
        }
        AllowList allow;
        try {
            allow = env.optional("CU_AGI_ALLOW").map(AllowList::parse).orElse(AllowList.loopback());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("CU_AGI_ALLOW", e.getMessage());
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(env.string("CU_TIMEZONE", d.zone().getId()));
        } catch (DateTimeException e) {
            throw new ConfigurationException("CU_TIMEZONE", e.getMessage());
        }
        int marks = env.integer("CU_PRANK_MARKS", d.prankMarksToFlag());
        if (marks < 1) {
            throw new ConfigurationException("CU_PRANK_MARKS", "must be at least 1");
        }
        int budget = env.integer("CU_LOOKUP_BUDGET_MS", (int) d.lookupBudget().toMillis());
        if (budget < 0 || budget > 5_000) {
            throw new ConfigurationException("CU_LOOKUP_BUDGET_MS", "must be 0..5000 ms: callers wait this long at most");
        }
        return new IvrSettings(bind, env.port("CU_AGI_PORT", DEFAULT_AGI_PORT), allow, Duration.ofMillis(budget), marks,
                d.prankWindow(), d.historyWindow(), env.string("CU_DEFAULT_JURISDICTION", d.defaultJurisdiction()),
                d.directoryRefresh(), zone);
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
                        "not set while CU_AMI_HOST is; give the secret of the AMI user (manager.conf)")),
                env.optional("CU_ASTERISK_QUEUE_LOG").map(Path::of),
                env.optional("CU_ASTERISK_CDR_LOG").map(Path::of)));
        Path dataDir = Path.of(env.string("CU_DATA_DIR", "data")).toAbsolutePath();
        Optional<TlsSettings> tls = TlsSettings.from(env);
        return new AppSettings(database,
                env.string("CU_HTTP_HOST", "0.0.0.0"),
                env.port("CU_HTTP_PORT", DEFAULT_HTTP_PORT),
                ivr(env),
                ami,
                dataDir,
                env.optional("CU_SPOOL_DIR").map(Path::of).map(Path::toAbsolutePath).orElse(dataDir.resolve("spool")),
                env.bool("CU_DB_MIGRATE", true),
                env.integer("CU_DEMO_CALLS_PER_MINUTE", 12),
                env.port("CU_DEMO_AMI_PORT", 5038),
                demoSeed(env),
                sipWatch(env),
                // Behind TLS (served here, or by a reverse proxy): the browser then sends the session cookie over HTTPS
                // only, and is told (HSTS) never to use plain HTTP. Always on when this node serves HTTPS itself.
                tls.isPresent() || env.bool("CU_SECURE_COOKIES", false),
                // Only behind a reverse proxy that appends X-Forwarded-For: the console's client address comes from it.
                env.bool("CU_TRUST_PROXY", false),
                tls,
                stopDrain(env),
                webhooks(env),
                recordings(env),
                ClusterSettings.from(env, ami.map(a -> a.host() + ":" + a.port())));
    }

    /** CU_DEMO_SEED: any whole number (64-bit); unset = a new one from the clock. */
    private static OptionalLong demoSeed(Environment env) {
        Optional<String> v = env.optional("CU_DEMO_SEED");
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.get()));
        } catch (NumberFormatException e) {
            throw new ConfigurationException("CU_DEMO_SEED", "'" + v.get() + "' is not a whole number (the seed a demo printed)");
        }
    }

    /** CU_STOP_DRAIN_S: how long a stopping node lets callers in the IVR finish triage (longer than any IVR path). */
    private static Duration stopDrain(Environment env) {
        int seconds = env.integer("CU_STOP_DRAIN_S", 30);
        if (seconds < 0 || seconds > 600) {
            throw new ConfigurationException("CU_STOP_DRAIN_S", "must be 0..600 seconds, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private static RecordingSettings recordings(Environment env) {
        RecordingSettings d = RecordingSettings.defaults();
        int days = env.integer("CU_RECORDING_RETENTION_DAYS", (int) d.retention().toDays());
        int scan = env.integer("CU_RECORDING_SCAN_S", (int) d.scan().toSeconds());
        if (days < 1 || scan < 1) {
            throw new ConfigurationException("CU_RECORDING_RETENTION_DAYS", "give at least 1 day of retention and a scan of at least 1 s");
        }
        return new RecordingSettings(env.optional("CU_RECORDING_DIR").map(Path::of).map(Path::toAbsolutePath),
                Duration.ofDays(days), Duration.ofSeconds(scan));
    }

    private static WebhookDelivery.Settings webhooks(Environment env) {
        WebhookDelivery.Settings d = WebhookDelivery.Settings.defaults();
        int base = env.integer("CU_EXCHANGE_RETRY_BASE_MS", (int) d.backoff().base().toMillis());
        int max = env.integer("CU_EXCHANGE_RETRY_MAX_MS", (int) d.backoff().max().toMillis());
        if (base < 10 || max < base) {
            throw new ConfigurationException("CU_EXCHANGE_RETRY_BASE_MS", "retry delays need 10 <= base (" + base
                    + ") <= CU_EXCHANGE_RETRY_MAX_MS (" + max + ")");
        }
        int poll = env.integer("CU_EXCHANGE_POLL_MS", (int) d.poll().toMillis());
        int timeout = env.integer("CU_EXCHANGE_TIMEOUT_MS", (int) d.timeout().toMillis());
        if (poll < 10 || timeout < 100) {
            throw new ConfigurationException("CU_EXCHANGE_POLL_MS", "give a poll of at least 10 ms and CU_EXCHANGE_TIMEOUT_MS of at least 100 ms");
        }
        int retentionDays = env.integer("CU_EXCHANGE_OUTBOX_RETENTION_DAYS", (int) d.outboxRetention().toDays());
        if (retentionDays < 1) {
            throw new ConfigurationException("CU_EXCHANGE_OUTBOX_RETENTION_DAYS",
                    "keep delivered webhooks at least 1 day (the record of what each agency was sent); default " + d.outboxRetention().toDays());
        }
        return new WebhookDelivery.Settings(Duration.ofMillis(poll), new Backoff(Duration.ofMillis(base), Duration.ofMillis(max)),
                Duration.ofMillis(timeout), Duration.ofDays(retentionDays));
    }
}
