package pe.centralunica.app.health;

import pe.centralunica.console.health.HealthIndicator;
import pe.centralunica.console.health.ComponentHealth;
import pe.centralunica.ivr.IvrServer;
import pe.centralunica.ivr.IvrStats;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.RoutingTable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The call path: the FastAGI port Asterisk reaches and the routing table in force. DOWN when the FastAGI server
 * does not accept connections (stopping, or its accept loop failed) or when the node routes with the
 * last-resort table only (no rules could be loaded): every call then goes to the metropolitan centre.
 */
public final class CallPathHealth implements HealthIndicator {

    private final IvrServer ivr;
    private final LiveRouter router;

    public CallPathHealth(IvrServer ivr, LiveRouter router) {
        this.ivr = ivr;
        this.router = router;
    }

    @Override
    public String name() {
        return "callPath";
    }

    @Override
    public ComponentHealth check() {
        RoutingTable table = router.current();
        IvrStats stats = ivr.stats();
        if (!ivr.accepting()) {
            return ComponentHealth.down("the FastAGI server is not accepting connections: Asterisk sends every caller to the fallback");
        }
        if (table.ruleCount() == 0) {
            return ComponentHealth.down("no routing rules loaded: every call goes to the metropolitan centre");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("agiPort", ivr.port());
        details.put("routingVersion", table.version());
        details.put("rules", table.ruleCount());
        details.put("targetsDown", router.availability().snapshot());
        details.put("sessions", stats.sessions());
        details.put("fallbacks", stats.fallbacks());
        details.put("refusedConnections", stats.refused());
        details.put("journalFailures", stats.journalFailures());
        // Calls never wait long for the journal (they go on and the flush finishes later); whether the journal
        // itself is stalled or its writer dead is the journal component's verdict, not the call path's.
        details.put("journalSlowHandoffs", stats.journalSlowHandoffs());
        details.put("journalFlushesWaiting", stats.journalBehind());
        details.put("sessionsInFlight", ivr.sessionsInFlight());
        return ComponentHealth.up(details);
    }
}
