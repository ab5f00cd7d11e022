package pe.centralunica.app;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.ConfigurationException;
import pe.centralunica.app.database.DatabaseStartup;
import pe.centralunica.app.database.EmbeddedDatabase;
import pe.centralunica.app.health.DatabaseHealth;
import pe.centralunica.app.health.HealthReport;
import pe.centralunica.app.health.CallPathHealth;
import pe.centralunica.app.health.AmiHealth;
import pe.centralunica.app.health.HealthIndicator;
import pe.centralunica.app.health.JournalHealth;
import pe.centralunica.app.health.SipHealth;
import pe.centralunica.app.admin.ReferenceData;
import pe.centralunica.app.console.Calls;
import pe.centralunica.app.console.Incidents;
import pe.centralunica.app.http.Console;
import pe.centralunica.app.http.HttpApi;
import pe.centralunica.app.live.LiveView;
import pe.centralunica.app.live.NoAsterisk;
import pe.centralunica.app.live.QueueDirectory;
import pe.centralunica.app.live.ScreenPops;
import pe.centralunica.app.security.Authenticator;
import pe.centralunica.app.security.LoginThrottle;
import pe.centralunica.app.security.PasswordHasher;
import pe.centralunica.app.security.Sessions;
import pe.centralunica.app.security.Users;
import pe.centralunica.app.store.Jdbc;
import pe.centralunica.router.live.CallControl;
import pe.centralunica.router.live.LiveCalls;
import pe.centralunica.router.rules.RuleValidator;
import pe.centralunica.router.store.RuleAdmin;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.DistrictRepository;
import pe.centralunica.db.journal.JournalSettings;
import pe.centralunica.db.journal.SpooledCallJournal;
import pe.centralunica.ivr.IvrServer;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.RoutingTable;
import pe.centralunica.router.live.AmiCallTracker;
import pe.centralunica.router.live.AsteriskLogs;
import pe.centralunica.router.live.CdrLog;
import pe.centralunica.router.live.CdrLogFile;
import pe.centralunica.router.live.QueueLog;
import pe.centralunica.router.live.QueueLogFile;
import pe.centralunica.router.live.AmiSettings;
import pe.centralunica.router.live.TargetDirectory;
import pe.centralunica.router.store.JdbcRuleRepository;
import pe.centralunica.router.store.RuleReloader;
import pe.centralunica.sipconfig.sip.SipMonitoring;
import pe.centralunica.sipconfig.topology.JdbcTopologyRepository;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One running Central Única node: the only place where the modules are wired together. Everything it
 * starts is closed in reverse order.
 */
public final class Node implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    /** How often each node checks the stored routing version (an admin change on any node reaches all). */
    private static final Duration ROUTING_RELOAD_INTERVAL = Duration.ofSeconds(1);

    private final int httpPort;
    private final int agiPort;
    private final Database database;
    private final HttpApi api;

    private final LiveRouter router;
    private final LiveCalls live;

    private Node(int httpPort, int agiPort, Database database, HttpApi api, LiveRouter router, LiveCalls live) {
        this.httpPort = httpPort;
        this.agiPort = agiPort;
        this.database = database;
        this.api = api;
        this.router = router;
        this.live = live;
    }

    /** The live routing engine (what the next call's decision uses). */
    public LiveRouter router() {
        return router;
    }

    /** The calls the console shows live (the AMI tracker's view when there is one; tests read it). */
    public LiveCalls live() {
        return live;
    }

    /** The node's database (for subcommands such as demo's user seeding, and tests). */
    public Database database() {
        return database;
    }

    /** The HTTP surface (tests walk its endpoints). */
    public HttpApi api() {
        return api;
    }

    private static Console console(Database database, LiveRouter router, RuleReloader reloader, LiveCalls live,
                                   CallControl control, AppSettings settings) {
        Jdbc jdbc = new Jdbc(database.dataSource());
        PasswordHasher hasher = new PasswordHasher();
        Users users = new Users(jdbc, hasher);
        Sessions sessions = new Sessions(jdbc);
        Authenticator authenticator = new Authenticator(users, sessions, new LoginThrottle(jdbc), hasher, jdbc);
        Incidents incidents = new Incidents(jdbc);
        Calls calls = new Calls(jdbc);
        QueueDirectory queues = new QueueDirectory(jdbc);
        queues.reload();
        LiveView view = new LiveView(live, queues);
        ScreenPops pops = new ScreenPops(jdbc, calls, incidents, view);
        JdbcRuleRepository ruleStore = new JdbcRuleRepository(database.dataSource());
        Runnable routingChanged = () -> {
            reloader.checkNow();
            queues.reload();
        };
        return new Console(jdbc, authenticator, sessions, users, incidents, calls, live, control, view, pops,
                ReferenceData.on(jdbc), new RuleAdmin(database.dataSource(), new RuleValidator()), ruleStore, router,
                routingChanged, settings.ivr().zone(), settings.secureCookies(), settings.trustProxy());
    }

    /** The port the FastAGI IVR listens on (resolved when CU_AGI_PORT=0). */
    public int agiPort() {
        return agiPort;
    }

    /** The port the HTTP API listens on (resolved when CU_HTTP_PORT=0). */
    public int httpPort() {
        return httpPort;
    }

    /**
     * Starts a node. With {@code embeddedDatabaseAllowed} (demo) and no CU_DB_URL, an embedded PostgreSQL is
     * started under the data directory.
     */
    public static Node start(AppSettings settings, boolean embeddedDatabaseAllowed) {
        return start(settings, embeddedDatabaseAllowed, Optional.empty());
    }

    /**
     * Starts a node whose console watches {@code live} and acts through {@code control} instead of the AMI call
     * tracker (tests pass an in-memory one).
     */
    public static Node start(AppSettings settings, boolean embeddedDatabaseAllowed, LiveCalls live, CallControl control) {
        return start(settings, embeddedDatabaseAllowed, Optional.of(new LiveSide(live, control)));
    }

    private record LiveSide(LiveCalls live, CallControl control) {
    }

    private static Node start(AppSettings settings, boolean embeddedDatabaseAllowed, Optional<LiveSide> liveSide) {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            DatabaseSettings dbSettings;
            if (settings.database().isPresent()) {
                dbSettings = settings.database().get();
            } else if (embeddedDatabaseAllowed) {
                EmbeddedDatabase embedded = EmbeddedDatabase.start(settings.dataDir());
                started.push(embedded);
                dbSettings = embedded.settings();
            } else {
                throw new ConfigurationException("CU_DB_URL", "not set");
            }
            Database database = DatabaseStartup.open(dbSettings);
            started.push(database);
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
            started.push(journal);
            LOG.info("Call journal spooling to {}", settings.spoolDir());

            NodeMetrics metrics = new NodeMetrics();
            started.push(metrics);
            metrics.bindPool(database);
            metrics.bindJournal(journal);

            // Routing: start with the last-resort table (everything to the metropolitan centre), then load
            // the rules; a node that cannot load them still routes every call to a human.
            LiveRouter router = new LiveRouter(RoutingTable.lastResortOnly(), new AvailabilityBoard());
            RuleReloader reloader = new RuleReloader(new JdbcRuleRepository(database.dataSource()), router, settings.ivr().zone());
            reloader.start(ROUTING_RELOAD_INTERVAL);
            started.push(reloader);
            LOG.info("Routing table version {} in force ({} rules)", router.current().version(), router.current().ruleCount());

            // AMI call tracking: queue steps into the records, live calls and dispatcher states for the console.
            AmiCallTracker tracker = null;
            if (settings.ami().isPresent()) {
                AppSettings.AmiSettings a = settings.ami().get();
                TargetDirectory targets = TargetDirectory.of(new JdbcRuleRepository(database.dataSource()).load().targets().values());
                tracker = new AmiCallTracker(AmiSettings.of(a.host(), a.port(), a.user(), a.secret()), journal,
                        router.availability(), targets, new AsteriskLogs(
                                a.queueLog().<QueueLog>map(QueueLogFile::at).orElse(QueueLog.NONE),
                                a.cdrLog().<CdrLog>map(CdrLogFile::at).orElse(CdrLog.NONE))).start();
                started.push(tracker);
                metrics.bindAmi(tracker);
                LOG.info("AMI call tracking: {}@{}:{}; after an outage, lost queue steps from {}, true ends from {}", a.user(),
                        a.host(), a.port(), a.queueLog().map(Object::toString).orElse("nowhere (CU_ASTERISK_QUEUE_LOG unset)"),
                        a.cdrLog().map(Object::toString).orElse("nowhere (CU_ASTERISK_CDR_LOG unset)"));
            }

            IvrServer ivr;
            try {
                ivr = IvrServer.start(settings.ivr(), database.callPathDataSource(), router, journal);
            } catch (UncheckedIOException e) {
                throw new ConfigurationException("CU_AGI_PORT", e.getMessage()
                        + "; stop the other program or choose another port (and the dialplan's CU_AGI)");
            }
            // Stopping: no new AGI sessions, those in progress finish triage and hand over their routes (bounded),
            // and only then the AMI tracker and the journal close (they are closed after this, in reverse order).
            IvrServer stoppingIvr = ivr;
            started.push(() -> stoppingIvr.close(settings.stopDrain()));
            metrics.bindCallPath(ivr, router);

            // SIP watch (opt-in): OPTIONS probes feed the routing board, synthetic calls prove the number answers.
            // Started once the FastAGI port listens: the first synthetic call goes out at once, and Asterisk
            // declined it (603) when our port was not there yet.
            SipMonitoring sip = null;
            if (settings.sipWatch().isPresent()) {
                AvailabilityBoard board = router.availability();
                sip = SipMonitoring.start(settings.sipWatch().get(), new JdbcTopologyRepository(database.dataSource()).load(),
                        (code, up, reason) -> {
                            if (up) {
                                board.markUp(code);
                            } else {
                                board.markDown(code, reason);
                            }
                        },
                        result -> {
                            if (!result.success()) {
                                LOG.warn("Synthetic test call to the universal number FAILED: {}", result.failureReason().orElse("?"));
                            }
                        });
                started.push(sip);
                metrics.bindSip(sip);
                LOG.info("SIP watch: probing {} trunk(s){}", sip.probes().size(),
                        settings.sipWatch().get().synthetic().isPresent() ? ", synthetic calls on" : "");
            }


            Vertx vertx = Vertx.builder()
                    .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                    .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                    .build();
            started.push(() -> vertx.close().await(5, TimeUnit.SECONDS));

            List<HealthIndicator> indicators = new java.util.ArrayList<>(List.of(new DatabaseHealth(database),
                    new JournalHealth(journal), new CallPathHealth(ivr, router)));
            if (sip != null) {
                indicators.add(new SipHealth(sip));
            }
            if (tracker != null) {
                indicators.add(new AmiHealth(tracker));
            }
            HealthReport health = new HealthReport(indicators, 2_000);
            // The console watches the AMI tracker when there is one; tests bring their own live side.
            NoAsterisk none = new NoAsterisk();
            LiveCalls live = liveSide.map(LiveSide::live).orElse(tracker != null ? tracker : none);
            CallControl control = liveSide.map(LiveSide::control).orElse(tracker != null ? tracker : none);
            Console console = console(database, router, reloader, live, control, settings);
            HttpApi api = new HttpApi(vertx, health, metrics.registry(), new DistrictRepository(database.dataSource()), console);
            started.push(api::close);
            started.push(new pe.centralunica.app.exchange.Exchange(console.jdbc()).startDelivery(settings.webhooks()));
            started.push(pe.centralunica.app.recording.RecordingKeeper.start(
                    new pe.centralunica.app.recording.Recordings(console.jdbc(), settings.recordings()), settings.recordings()));
            int port;
            try {
                port = api.listen(settings.httpHost(), settings.httpPort(), settings.tls()).await(10, TimeUnit.SECONDS).actualPort();
            } catch (Exception e) {
                if (rootCause(e) instanceof BindException) {
                    throw new ConfigurationException("CU_HTTP_PORT", "port " + settings.httpPort()
                            + " on " + settings.httpHost() + " is already in use; stop the other program or choose another port");
                }
                if (settings.tls().isPresent()) {
                    throw new ConfigurationException(settings.tls().get().variable(), "the certificate or key could not be"
                            + " loaded (" + rootCause(e).getClass().getSimpleName() + "); check the files and the password");
                }
                throw e;
            }
            if (settings.tls().isPresent()) {
                LOG.info("HTTP API on https://{}:{}/ (health: /health, metrics: /metrics); HSTS and Secure cookies on",
                        settings.httpHost(), port);
            } else {
                LOG.info("HTTP API on http://{}:{}/ (health: /health, metrics: /metrics)", settings.httpHost(), port);
                LOG.warn("HTTPS is OFF: console passwords and session cookies cross the network in clear{}. Set CU_TLS_CERT"
                        + " and CU_TLS_KEY (PEM) or CU_TLS_KEYSTORE (PKCS#12), or serve through a TLS proxy with"
                        + " CU_SECURE_COOKIES=true", settings.secureCookies() ? " unless the TLS proxy in front carries them" : "");
            }

            Node node = new Node(port, ivr.port(), database, api, router, live);
            node.toClose.addAll(started);
            return node;
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        } catch (Exception e) {
            closeAll(started);
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("Shutdown step failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        closeAll(toClose);
    }
}
