package pe.centralunica.app.health;

import pe.centralunica.console.health.ComponentHealth;
import pe.centralunica.console.health.HealthIndicator;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.Map;

/** The cluster as this node sees it: how many nodes are members now (a node that died leaves within seconds). */
public final class ClusterHealth implements HealthIndicator {

    private final ClusterManager cluster;
    private final String nodeName;

    public ClusterHealth(ClusterManager cluster, String nodeName) {
        this.cluster = cluster;
        this.nodeName = nodeName;
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public ComponentHealth check() {
        if (!cluster.isActive()) {
            return ComponentHealth.down("this node has left the cluster");
        }
        return ComponentHealth.up(Map.of("members", cluster.getNodes().size(), "node", nodeName));
    }
}
