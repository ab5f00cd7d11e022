package pe.centralunica.app.wiring;

import pe.centralunica.app.NodeMetrics;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.console.config.ConfigurationException;
import pe.centralunica.app.health.CallPathHealth;
import pe.centralunica.console.health.HealthIndicator;
import pe.centralunica.db.Database;
import pe.centralunica.db.journal.CallJournal;
import pe.centralunica.db.notify.ChangeSignal;
import pe.centralunica.ivr.IvrServer;

import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The FastAGI IVR: triage and routing of every call. Closing it refuses new AGI sessions and lets those in
 * progress finish triage and hand over their routes (bounded by CU_STOP_DRAIN) before anything it writes to
 * (journal, database) closes.
 */
public final class CallPathWiring implements AutoCloseable {

    private final IvrServer ivr;
    private final Duration stopDrain;
    private final HealthIndicator health;

    private CallPathWiring(IvrServer ivr, Duration stopDrain, HealthIndicator health) {
        this.ivr = ivr;
        this.stopDrain = stopDrain;
        this.health = health;
    }

    /** {@code markChanges}: the node's notifications on {@link IvrServer#MARK_CHANNEL}. */
    public static CallPathWiring start(AppSettings settings, Database database, RoutingWiring routing, CallJournal journal,
                                       ChangeSignal markChanges, NodeMetrics metrics) {
        IvrServer ivr;
        try {
            ivr = IvrServer.start(settings.ivr(), database.callPathDataSource(), routing.router(), journal, markChanges);
        } catch (UncheckedIOException e) {
            throw new ConfigurationException("CU_AGI_PORT", e.getMessage()
                    + "; stop the other program or choose another port (and the dialplan's CU_AGI)");
        }
        metrics.bindCallPath(ivr, routing.router());
        return new CallPathWiring(ivr, settings.stopDrain(), new CallPathHealth(ivr, routing.router()));
    }

    /** The port FastAGI listens on (resolved when CU_AGI_PORT=0). */
    public int port() {
        return ivr.port();
    }

    public HealthIndicator health() {
        return health;
    }

    @Override
    public void close() {
        ivr.close(stopDrain);
    }
}
