package pe.centralunica.app;

import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.health.DatabaseHealth;
import pe.centralunica.console.health.HealthIndicator;
import pe.centralunica.console.health.HealthReport;
import pe.centralunica.app.health.JournalHealth;
import pe.centralunica.console.http.HttpApi;
import pe.centralunica.app.wiring.AsteriskWatchWiring;
import pe.centralunica.app.wiring.CallPathWiring;
import pe.centralunica.app.wiring.ConsoleWiring;
import pe.centralunica.app.wiring.ExchangeWiring;
import pe.centralunica.app.wiring.LiveFeedWiring;
import pe.centralunica.app.wiring.RoutingWiring;
import pe.centralunica.app.wiring.ShutdownOrder;
import pe.centralunica.app.wiring.SipWatchWiring;
import pe.centralunica.app.wiring.StorageWiring;
import pe.centralunica.app.wiring.VertxWiring;
import pe.centralunica.console.exchange.WebhookDelivery;
import pe.centralunica.db.Database;
import pe.centralunica.ivr.IvrServer;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.store.RuleReloader;
import pe.centralunica.router.live.CallControl;
import pe.centralunica.router.live.LiveCalls;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One running Central Única node: the only place where the modules' wiring units are put together, in the order
 * they depend on each other. Everything it starts is closed in reverse order: the call path drains before the
 * AMI tracker and the journal close, and the journal before the database.
 */
public final class Node implements AutoCloseable {

    private final ShutdownOrder units;
    private final StorageWiring storage;
    private final RoutingWiring routing;
    private final CallPathWiring callPath;
    private final ConsoleWiring console;
    private final LiveCalls live;

    private Node(ShutdownOrder units, StorageWiring storage, RoutingWiring routing, CallPathWiring callPath,
                 ConsoleWiring console, LiveCalls live) {
        this.units = units;
        this.storage = storage;
        this.routing = routing;
        this.callPath = callPath;
        this.console = console;
        this.live = live;
    }

    /** The live routing engine (what the next call's decision uses). */
    public LiveRouter router() {
        return routing.router();
    }

    /** The calls the console shows live (the AMI tracker's view when there is one; tests read it). */
    public LiveCalls live() {
        return live;
    }

    /** The node's database (for subcommands such as demo's user seeding, and tests). */
    public Database database() {
        return storage.database();
    }

    /** The HTTP surface (tests walk its endpoints). */
    public HttpApi api() {
        return console.api();
    }

    /** The port the FastAGI IVR listens on (resolved when CU_AGI_PORT=0). */
    public int agiPort() {
        return callPath.port();
    }

    /** The port the HTTP API listens on (resolved when CU_HTTP_PORT=0). */
    public int httpPort() {
        return console.port();
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
        ShutdownOrder units = new ShutdownOrder();
        try {
            StorageWiring storage = units.add(StorageWiring.start(settings, embeddedDatabaseAllowed,
                    List.of(RuleReloader.CHANNEL, WebhookDelivery.CHANNEL, IvrServer.MARK_CHANNEL)));
            Database database = storage.database();
            NodeMetrics metrics = units.add(new NodeMetrics());
            metrics.bindPool(database);
            metrics.bindJournal(storage.journal());
            RoutingWiring routing = units.add(RoutingWiring.start(database, settings.ivr().zone(),
                    storage.notifications().signal(RuleReloader.CHANNEL)));
            AsteriskWatchWiring asterisk = units.add(AsteriskWatchWiring.start(settings, database, storage.journal(), routing, metrics));
            CallPathWiring callPath = units.add(CallPathWiring.start(settings, database, routing, storage.journal(),
                    storage.notifications().signal(IvrServer.MARK_CHANNEL), metrics));
            SipWatchWiring sip = units.add(SipWatchWiring.start(settings.sipWatch(), database, routing.router().availability(), metrics));
            VertxWiring vertx = units.add(VertxWiring.start(settings.cluster(), metrics.registry()));

            List<HealthIndicator> indicators = new ArrayList<>(List.of(new DatabaseHealth(database),
                    new JournalHealth(storage.journal()), callPath.health()));
            indicators.addAll(sip.health());
            indicators.addAll(asterisk.health());
            indicators.addAll(vertx.health());
            // The console watches this node's AMI tracking (and the cluster's); tests bring their own live side.
            LiveCalls tracked = liveSide.map(LiveSide::live).orElse(asterisk.live());
            CallControl trackedControl = liveSide.map(LiveSide::control).orElse(asterisk.control());
            LiveFeedWiring feed = units.add(LiveFeedWiring.start(settings.cluster(), vertx, tracked, trackedControl));
            LiveCalls live = feed.live();
            CallControl control = feed.control();
            ConsoleWiring console = units.add(ConsoleWiring.start(settings, vertx.vertx(), database, routing, live, control,
                    new HealthReport(indicators, 2_000), metrics.registry()));
            units.add(ExchangeWiring.start(settings, console.console().jdbc(), storage.notifications().signal(WebhookDelivery.CHANNEL)));
            return new Node(units, storage, routing, callPath, console, live);
        } catch (RuntimeException e) {
            units.close();
            throw e;
        } catch (Exception e) {
            units.close();
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        units.close();
    }
}
