package pe.centralunica.app.wiring;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.app.config.ClusterSettings;
import pe.centralunica.console.config.ConfigurationException;
import pe.centralunica.app.health.ClusterHealth;
import pe.centralunica.console.health.HealthIndicator;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The node's Vert.x: HTTP, the console's WebSockets, their metrics in the node's registry. With CU_CLUSTER_MEMBERS it
 * is clustered (Hazelcast, TCP-IP discovery of the listed members, multicast off) and its event bus reaches every
 * node; otherwise no Hazelcast is started at all.
 */
public final class VertxWiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VertxWiring.class);

    private final Vertx vertx;
    private final Optional<ClusterManager> cluster;
    private final String nodeName;

    private VertxWiring(Vertx vertx, Optional<ClusterManager> cluster, String nodeName) {
        this.vertx = vertx;
        this.cluster = cluster;
        this.nodeName = nodeName;
    }

    public static VertxWiring start(Optional<ClusterSettings> settings, PrometheusMeterRegistry registry) {
        VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
        if (settings.isEmpty()) {
            return new VertxWiring(Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build(),
                    Optional.empty(), "single");
        }
        ClusterSettings s = settings.get();
        options.setEventBusOptions(new EventBusOptions().setHost(s.host()).setPort(s.eventBusPort()).setClusterPublicHost(s.host()));
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(s));
        Vertx vertx;
        try {
            vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).withClusterManager(manager)
                    .buildClustered().await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new ConfigurationException("CU_CLUSTER_PORT", "could not join the cluster on " + s.host() + ":" + s.port()
                    + " (" + e.getMessage() + "); check CU_CLUSTER_HOST is this machine's address and the port is free");
        }
        Gauge.builder("cu_cluster_members", manager, m -> m.getNodes().size())
                .description("nodes in this node's cluster now (itself included)").register(registry);
        LOG.info("Cluster joined as {} on {}:{} ({} member(s) now; members list {})", s.nodeName(), s.host(), s.port(),
                manager.getNodes().size(), s.members());
        return new VertxWiring(vertx, Optional.of(manager), s.nodeName());
    }

    /** Hazelcast as Vert.x needs it (its default maps), found only over TCP at the listed members. */
    private static Config hazelcast(ClusterSettings s) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName("central-unica");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(s.port()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).setInterfaces(List.of(s.host()));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(s.members());
        // A node that dies leaves the member list at once (its connections close); one that freezes within 10 s, not
        // Hazelcast's default minute. Shorter made members suspect each other on a starved 2-core machine.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false"); // the node leaves in its own close order
        return config;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Whether this node is part of a cluster (CU_CLUSTER_MEMBERS). */
    public boolean clustered() {
        return cluster.isPresent();
    }

    /** The cluster's members for /health, when clustered. */
    public List<HealthIndicator> health() {
        return cluster.<HealthIndicator>map(m -> new ClusterHealth(m, nodeName)).stream().toList();
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
