package pe.centralunica.console.desk;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import pe.centralunica.console.admin.ReferenceData;
import pe.centralunica.console.health.HealthReport;
import pe.centralunica.console.http.Console;
import pe.centralunica.console.http.HttpApi;
import pe.centralunica.console.live.LiveView;
import pe.centralunica.console.live.QueueDirectory;
import pe.centralunica.console.live.ScreenPops;
import pe.centralunica.console.security.Authenticator;
import pe.centralunica.console.security.LoginThrottle;
import pe.centralunica.console.security.PasswordHasher;
import pe.centralunica.console.security.Sessions;
import pe.centralunica.console.security.Users;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.db.Database;
import pe.centralunica.db.DistrictRepository;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.ivr.IvrSettings;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.RoutingTable;
import pe.centralunica.router.live.CallControl;
import pe.centralunica.router.live.LiveCalls;
import pe.centralunica.router.rules.RuleValidator;
import pe.centralunica.router.store.JdbcRuleRepository;
import pe.centralunica.router.store.RuleAdmin;
import pe.centralunica.router.store.RuleReloader;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The console served alone, wired the way app's Node wires it: a fresh migrated database, the routing engine
 * loaded from it, the live side given by the test. No IVR, journal, AMI, webhook delivery or recording
 * retention (tests of those start a whole node in app); /health reports no components.
 */
final class ConsoleOnly implements ConsoleHost {

    private final Database database;
    private final LiveRouter router;
    private final RuleReloader reloader;
    private final Vertx vertx;
    private final HttpApi api;
    private final int port;

    private ConsoleOnly(Database database, LiveRouter router, RuleReloader reloader, Vertx vertx, HttpApi api, int port) {
        this.database = database;
        this.router = router;
        this.reloader = reloader;
        this.vertx = vertx;
        this.api = api;
        this.port = port;
    }

    static ConsoleOnly start(LiveCalls live, CallControl control) {
        ZoneId zone = IvrSettings.defaults().zone();
        Database database = TestDatabases.fresh();
        LiveRouter router = new LiveRouter(RoutingTable.lastResortOnly(), new AvailabilityBoard());
        RuleReloader reloader = new RuleReloader(new JdbcRuleRepository(database.dataSource()), router, zone);
        reloader.start(Duration.ofSeconds(1));
        Jdbc jdbc = new Jdbc(database.dataSource());
        PasswordHasher hasher = new PasswordHasher();
        Users users = new Users(jdbc, hasher);
        Sessions sessions = new Sessions(jdbc);
        Incidents incidents = new Incidents(jdbc);
        Calls calls = new Calls(jdbc);
        QueueDirectory queues = new QueueDirectory(jdbc);
        queues.reload();
        LiveView view = new LiveView(live, queues);
        Runnable routingChanged = () -> {
            reloader.checkNow();
            queues.reload();
        };
        Console console = new Console(jdbc, new Authenticator(users, sessions, new LoginThrottle(jdbc), hasher, jdbc), sessions,
                users, incidents, calls, live, control, view, new ScreenPops(jdbc, calls, incidents, view), ReferenceData.on(jdbc),
                new RuleAdmin(database.dataSource(), new RuleValidator()), new JdbcRuleRepository(database.dataSource()), router,
                routingChanged, zone, false, false);
        Vertx vertx = Vertx.vertx();
        HttpApi api = new HttpApi(vertx, new HealthReport(List.of(), 2_000), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new DistrictRepository(database.dataSource()), console);
        try {
            int port = api.listen("127.0.0.1", 0, Optional.empty()).await(10, TimeUnit.SECONDS).actualPort();
            return new ConsoleOnly(database, router, reloader, vertx, api, port);
        } catch (TimeoutException e) {
            new ConsoleOnly(database, router, reloader, vertx, api, 0).close();
            throw new IllegalStateException("the console's HTTP server did not start within 10 s", e);
        }
    }

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public HttpApi api() {
        return api;
    }

    @Override
    public LiveRouter router() {
        return router;
    }

    @Override
    public DataSource dataSource() {
        return database.dataSource();
    }

    @Override
    public void close() {
        api.close();
        try {
            vertx.close().await(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // the test is over either way; the database below is still closed
        }
        reloader.close();
        database.close();
    }
}
