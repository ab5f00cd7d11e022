package pe.centralunica.app.wiring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.app.NodeMetrics;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.ClusterSettings;
import pe.centralunica.app.health.AmiHealth;
import pe.centralunica.app.health.AmiLeaseHealth;
import pe.centralunica.console.health.HealthIndicator;
import pe.centralunica.console.live.NoAsterisk;
import pe.centralunica.db.Database;
import pe.centralunica.db.journal.CallJournal;
import pe.centralunica.router.live.AmiCallTracker;
import pe.centralunica.router.live.AmiLease;
import pe.centralunica.router.live.AmiSettings;
import pe.centralunica.router.live.AsteriskLogs;
import pe.centralunica.router.live.CallControl;
import pe.centralunica.router.live.CdrLog;
import pe.centralunica.router.live.CdrLogFile;
import pe.centralunica.router.live.JdbcStepsOnRecord;
import pe.centralunica.router.live.LeasedCallTracking;
import pe.centralunica.router.live.LiveCalls;
import pe.centralunica.router.live.QueueLog;
import pe.centralunica.router.live.QueueLogFile;
import pe.centralunica.router.live.StepsOnRecord;
import pe.centralunica.router.live.TargetDirectory;

/**
 * AMI call tracking (when CU_AMI_HOST is set): queue steps into the records, live calls and dispatcher states for
 * the console, queue staffing on the routing board. In a cluster, only the node holding the Asterisk's lease tracks
 * it. Without CU_AMI_HOST the console sees no live calls of its own and call actions fail saying why.
 */
public final class AsteriskWatchWiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AsteriskWatchWiring.class);
    private static final long TAKEOVER_LOOKBACK_BYTES = 8L * 1024 * 1024;

    private final LiveCalls live;
    private final CallControl control;
    private final List<HealthIndicator> health;
    private final AutoCloseable tracking;

    private AsteriskWatchWiring(LiveCalls live, CallControl control, List<HealthIndicator> health, AutoCloseable tracking) {
        this.live = live;
        this.control = control;
        this.health = health;
        this.tracking = tracking;
    }

    public static AsteriskWatchWiring start(AppSettings settings, Database database, CallJournal journal, RoutingWiring routing,
                                            NodeMetrics metrics) {
        if (settings.ami().isEmpty()) {
            NoAsterisk none = new NoAsterisk();
            return new AsteriskWatchWiring(none, none, List.of(), () -> {
            });
        }
        AppSettings.AmiSettings a = settings.ami().get();
        // The route targets as they are when tracking begins (a takeover reads them again).
        StepsOnRecord onRecord = new JdbcStepsOnRecord(database.dataSource());
        Function<Optional<Instant>, AmiCallTracker> trackers = takeoverFrom -> {
            AmiCallTracker tracker = new AmiCallTracker(AmiSettings.of(a.host(), a.port(), a.user(), a.secret()), journal,
                    routing.router().availability(), TargetDirectory.of(routing.rules().load().targets().values()),
                    asteriskLogs(a, takeoverFrom.isPresent()));
            takeoverFrom.ifPresent(from -> tracker.takingOverFrom(from, onRecord));
            return tracker.start();
        };
        if (settings.cluster().isEmpty()) {
            AmiCallTracker tracker = trackers.apply(Optional.empty());
            metrics.bindAmi(tracker);
            LOG.info("AMI call tracking: {}@{}:{}; after an outage, lost queue steps from {}, true ends from {}", a.user(),
                    a.host(), a.port(), a.queueLog().map(Object::toString).orElse("nowhere (CU_ASTERISK_QUEUE_LOG unset)"),
                    a.cdrLog().map(Object::toString).orElse("nowhere (CU_ASTERISK_CDR_LOG unset)"));
            return new AsteriskWatchWiring(tracker, tracker, List.of(new AmiHealth(tracker)), tracker);
        }
        ClusterSettings c = settings.cluster().get();
        String asterisk = c.asteriskId().orElse(a.host() + ":" + a.port());
        LeasedCallTracking leased = new LeasedCallTracking(new AmiLease(database.dataSource(), asterisk, c.nodeName(), c.leaseTtl()),
                trackers, c.leaseTtl(), c.leaseRenewal(), c.leaseRetry()).start();
        metrics.bindLeasedAmi(leased);
        LOG.info("AMI call tracking of {} ({}@{}:{}) while this node holds its lease (TTL {} ms)", asterisk, a.user(), a.host(),
                a.port(), c.leaseTtl().toMillis());
        return new AsteriskWatchWiring(leased, leased, List.of(new AmiLeaseHealth(leased)), leased);
    }

    /**
     * Asterisk's own files that fill an AMI gap (queue steps, true ends); none when not configured. A takeover reads
     * their recent past too (what the previous holder may not have shipped): 8 MiB is minutes of queue log even
     * at 150 calls/s.
     */
    private static AsteriskLogs asteriskLogs(AppSettings.AmiSettings a, boolean takeover) {
        long lookback = takeover ? TAKEOVER_LOOKBACK_BYTES : 0;
        return new AsteriskLogs(a.queueLog().<QueueLog>map(f -> QueueLogFile.withRecentPast(f, lookback)).orElse(QueueLog.NONE),
                a.cdrLog().<CdrLog>map(f -> CdrLogFile.withRecentPast(f, lookback)).orElse(CdrLog.NONE));
    }

    /** What this node tracks itself: the tracker, the leased tracking, or nothing. */
    public LiveCalls live() {
        return live;
    }

    public CallControl control() {
        return control;
    }

    public List<HealthIndicator> health() {
        return health;
    }

    @Override
    public void close() throws Exception {
        tracking.close();
    }
}
