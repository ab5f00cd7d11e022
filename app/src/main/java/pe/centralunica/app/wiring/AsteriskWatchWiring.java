package pe.centralunica.app.wiring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.app.NodeMetrics;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.health.AmiHealth;
import pe.centralunica.app.health.HealthIndicator;
import pe.centralunica.app.live.NoAsterisk;
import pe.centralunica.db.journal.CallJournal;
import pe.centralunica.router.live.AmiCallTracker;
import pe.centralunica.router.live.AmiSettings;
import pe.centralunica.router.live.CallControl;
import pe.centralunica.router.live.LiveCalls;
import pe.centralunica.router.live.TargetDirectory;

import java.util.List;
import java.util.Optional;

/**
 * AMI call tracking (when CU_AMI_HOST is set): queue steps into the records, live calls and dispatcher states for
 * the console, queue staffing on the routing board. Without it the console sees no live calls and call actions
 * fail saying why.
 */
public final class AsteriskWatchWiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AsteriskWatchWiring.class);

    private final Optional<AmiCallTracker> tracker;
    private final NoAsterisk none = new NoAsterisk();

    private AsteriskWatchWiring(Optional<AmiCallTracker> tracker) {
        this.tracker = tracker;
    }

    public static AsteriskWatchWiring start(Optional<AppSettings.AmiSettings> ami, CallJournal journal, RoutingWiring routing,
                                            NodeMetrics metrics) {
        return new AsteriskWatchWiring(ami.map(a -> {
            TargetDirectory targets = TargetDirectory.of(routing.rules().load().targets().values());
            AmiCallTracker tracker = new AmiCallTracker(AmiSettings.of(a.host(), a.port(), a.user(), a.secret()), journal,
                    routing.router().availability(), targets).start();
            metrics.bindAmi(tracker);
            LOG.info("AMI call tracking: {}@{}:{}", a.user(), a.host(), a.port());
            return tracker;
        }));
    }

    /** What the console watches: the tracker, or nothing. */
    public LiveCalls live() {
        return tracker.<LiveCalls>map(t -> t).orElse(none);
    }

    public CallControl control() {
        return tracker.<CallControl>map(t -> t).orElse(none);
    }

    public List<HealthIndicator> health() {
        return tracker.<HealthIndicator>map(AmiHealth::new).stream().toList();
    }

    @Override
    public void close() {
        tracker.ifPresent(AmiCallTracker::close);
    }
}
