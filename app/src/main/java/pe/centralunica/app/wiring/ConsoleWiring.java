package pe.centralunica.app.wiring;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.console.admin.ReferenceData;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.console.config.ConfigurationException;
import pe.centralunica.console.desk.Calls;
import pe.centralunica.console.desk.Incidents;
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
import pe.centralunica.router.live.CallControl;
import pe.centralunica.router.live.LiveCalls;
import pe.centralunica.router.rules.RuleValidator;
import pe.centralunica.router.store.RuleAdmin;

import java.net.BindException;
import java.util.concurrent.TimeUnit;

/**
 * The dispatchers' console and the HTTP API (health, metrics, districts, the console's REST and live feed),
 * listening on CU_HTTP_HOST:CU_HTTP_PORT (HTTPS with CU_TLS_*).
 */
public final class ConsoleWiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleWiring.class);

    private final Console console;
    private final HttpApi api;
    private final int port;

    private ConsoleWiring(Console console, HttpApi api, int port) {
        this.console = console;
        this.api = api;
        this.port = port;
    }

    public static ConsoleWiring start(AppSettings settings, Vertx vertx, Database database, RoutingWiring routing,
                                      LiveCalls live, CallControl control, HealthReport health, PrometheusMeterRegistry metrics)
            throws Exception {
        Console console = console(database, routing, live, control, settings);
        HttpApi api = new HttpApi(vertx, health, metrics, new DistrictRepository(database.dataSource()), console);
        try {
            return new ConsoleWiring(console, api, listen(api, settings));
        } catch (Exception e) {
            api.close();
            throw e;
        }
    }

    private static Console console(Database database, RoutingWiring routing, LiveCalls live, CallControl control,
                                   AppSettings settings) {
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
        Runnable routingChanged = () -> {
            routing.reloader().checkNow();
            queues.reload();
        };
        return new Console(jdbc, authenticator, sessions, users, incidents, calls, live, control, view, pops,
                ReferenceData.on(jdbc), new RuleAdmin(database.dataSource(), new RuleValidator()), routing.rules(),
                routing.router(), routingChanged, settings.ivr().zone(), settings.secureCookies(), settings.trustProxy());
    }

    private static int listen(HttpApi api, AppSettings settings) throws Exception {
        int port;
        try {
            port = api.listen(settings.httpHost(), settings.httpPort(), settings.tls().map(t -> t.keyCert())).await(10, TimeUnit.SECONDS).actualPort();
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
        return port;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    public Console console() {
        return console;
    }

    public HttpApi api() {
        return api;
    }

    /** The port the HTTP API listens on (resolved when CU_HTTP_PORT=0). */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        api.close();
    }
}
