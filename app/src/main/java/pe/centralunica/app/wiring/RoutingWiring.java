package pe.centralunica.app.wiring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.Database;
import pe.centralunica.db.notify.ChangeSignal;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.RoutingTable;
import pe.centralunica.router.store.JdbcRuleRepository;
import pe.centralunica.router.store.RuleReloader;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The live routing engine and the one rule repository every part of the node reads rules through. It starts on
 * the last-resort table (everything to the metropolitan centre), then loads the stored rules: a node that cannot
 * load them still routes every call to a human.
 */
public final class RoutingWiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingWiring.class);
    /**
     * How often each node checks the stored routing version while it does not hear the version's notifications (an
     * admin change on any node reaches all within this; while heard, at once).
     */
    private static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);

    private final JdbcRuleRepository rules;
    private final LiveRouter router;
    private final RuleReloader reloader;

    private RoutingWiring(JdbcRuleRepository rules, LiveRouter router, RuleReloader reloader) {
        this.rules = rules;
        this.router = router;
        this.reloader = reloader;
    }

    public static RoutingWiring start(Database database, ZoneId zone, ChangeSignal versionChanges) {
        JdbcRuleRepository rules = new JdbcRuleRepository(database.dataSource());
        LiveRouter router = new LiveRouter(RoutingTable.lastResortOnly(), new AvailabilityBoard());
        RuleReloader reloader = new RuleReloader(rules, router, zone);
        reloader.start(RELOAD_INTERVAL, versionChanges);
        LOG.info("Routing table version {} in force ({} rules)", router.current().version(), router.current().ruleCount());
        return new RoutingWiring(rules, router, reloader);
    }

    public JdbcRuleRepository rules() {
        return rules;
    }

    public LiveRouter router() {
        return router;
    }

    public RuleReloader reloader() {
        return reloader;
    }

    @Override
    public void close() {
        reloader.close();
    }
}
