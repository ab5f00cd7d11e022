package pe.centralunica.app.wiring;

import pe.centralunica.app.cluster.ClusterLiveCalls;
import pe.centralunica.app.config.ClusterSettings;
import pe.centralunica.router.live.CallControl;
import pe.centralunica.router.live.LiveCalls;

import java.util.Optional;

/**
 * What the consoles of this node watch and act through: alone, the calls this node tracks; in a cluster, every
 * node's calls over the event bus (a console on any node sees every call, whichever node tracks it).
 */
public final class LiveFeedWiring implements AutoCloseable {

    private final LiveCalls live;
    private final CallControl control;
    private final Optional<ClusterLiveCalls> cluster;

    private LiveFeedWiring(LiveCalls live, CallControl control, Optional<ClusterLiveCalls> cluster) {
        this.live = live;
        this.control = control;
        this.cluster = cluster;
    }

    public static LiveFeedWiring start(Optional<ClusterSettings> settings, VertxWiring vertx, LiveCalls local, CallControl localControl) {
        return settings.map(s -> {
            ClusterLiveCalls all = new ClusterLiveCalls(vertx.vertx(), s.nodeName(), local, localControl).start();
            return new LiveFeedWiring(all, all, Optional.of(all));
        }).orElseGet(() -> new LiveFeedWiring(local, localControl, Optional.empty()));
    }

    public LiveCalls live() {
        return live;
    }

    public CallControl control() {
        return control;
    }

    @Override
    public void close() {
        cluster.ifPresent(ClusterLiveCalls::close);
    }
}
