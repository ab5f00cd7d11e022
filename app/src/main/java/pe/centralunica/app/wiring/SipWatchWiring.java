package pe.centralunica.app.wiring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.app.NodeMetrics;
import pe.centralunica.console.health.HealthIndicator;
import pe.centralunica.app.health.SipHealth;
import pe.centralunica.db.Database;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.sipconfig.sip.SipMonitoring;
import pe.centralunica.sipconfig.topology.JdbcTopologyRepository;

import java.util.List;
import java.util.Optional;

/**
 * SIP watch (opt-in): OPTIONS probes feed the routing board, synthetic calls prove the number answers. Start it
 * once the FastAGI port listens: the first synthetic call goes out at once, and Asterisk declined it (603) when
 * our port was not there yet.
 */
public final class SipWatchWiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipWatchWiring.class);

    private final Optional<SipMonitoring> sip;

    private SipWatchWiring(Optional<SipMonitoring> sip) {
        this.sip = sip;
    }

    public static SipWatchWiring start(Optional<SipMonitoring.Settings> settings, Database database, AvailabilityBoard board,
                                       NodeMetrics metrics) {
        return new SipWatchWiring(settings.map(s -> {
            SipMonitoring sip = SipMonitoring.start(s, new JdbcTopologyRepository(database.dataSource()).load(),
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
            metrics.bindSip(sip);
            LOG.info("SIP watch: probing {} trunk(s){}", sip.probes().size(), s.synthetic().isPresent() ? ", synthetic calls on" : "");
            return sip;
        }));
    }

    public List<HealthIndicator> health() {
        return sip.<HealthIndicator>map(SipHealth::new).stream().toList();
    }

    @Override
    public void close() {
        sip.ifPresent(SipMonitoring::close);
    }
}
