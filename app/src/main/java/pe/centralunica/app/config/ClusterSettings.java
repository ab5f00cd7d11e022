package pe.centralunica.app.config;

import pe.centralunica.console.config.ConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Several nodes in one cluster (issue 15): Vert.x on Hazelcast, members found over TCP at the addresses given
 * (multicast is off: it is not available on every network), and the AMI tracking lease.
 *
 * @param members    CU_CLUSTER_MEMBERS: host:port of every node (this one may be listed too)
 * @param host       CU_CLUSTER_HOST: the address this node is reached at by the others (cluster and event bus)
 * @param port       CU_CLUSTER_PORT: this node's Hazelcast port (default 5701)
 * @param eventBusPort CU_CLUSTER_BUS_PORT: the Vert.x event bus port (default 0: any free port, told to the others)
 * @param nodeName   CU_NODE_NAME: unique per node, the AMI lease holder's name (default host:port)
 * @param asteriskId CU_AMI_ID: the name of the Asterisk this node watches, shared by every node watching it
 *                   (default its AMI host:port, as configured)
 * @param leaseTtl   CU_AMI_LEASE_TTL_MS: how long the AMI lease lasts without renewal (default 3000; renewed every third)
 */
public record ClusterSettings(List<String> members, String host, int port, int eventBusPort, String nodeName,
                              Optional<String> asteriskId, Duration leaseTtl) {

    public static final int DEFAULT_PORT = 5701;

    public ClusterSettings {
        members = List.copyOf(members);
    }

    /** The holder renews well inside the lifetime: at least twice even if one renewal is slow. */
    public Duration leaseRenewal() {
        return leaseTtl.dividedBy(3);
    }

    /** How often a standby node tries to take the lease: a takeover comes at most this long after the expiry. */
    public Duration leaseRetry() {
        return leaseTtl.dividedBy(6);
    }

    static Optional<ClusterSettings> from(Environment env, Optional<String> amiAddress) {
        Optional<String> list = env.optional("CU_CLUSTER_MEMBERS");
        if (list.isEmpty()) {
            return Optional.empty();
        }
        List<String> members = Arrays.stream(list.get().split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
        for (String m : members) {
            if (!m.matches("[^:\\s]+(:\\d{1,5})?")) {
                throw new ConfigurationException("CU_CLUSTER_MEMBERS", "'" + m + "' is not host or host:port");
            }
        }
        String host = env.optional("CU_CLUSTER_HOST").orElseThrow(() -> new ConfigurationException("CU_CLUSTER_HOST",
                "not set while CU_CLUSTER_MEMBERS is; give this node's own address as the other nodes reach it"));
        int port = env.port("CU_CLUSTER_PORT", DEFAULT_PORT);
        int busPort = env.port("CU_CLUSTER_BUS_PORT", 0);
        int ttl = env.integer("CU_AMI_LEASE_TTL_MS", 3000);
        if (ttl < 600 || ttl > 60_000) {
            throw new ConfigurationException("CU_AMI_LEASE_TTL_MS", "must be 600..60000 ms, got " + ttl);
        }
        return Optional.of(new ClusterSettings(members, host, port, busPort, env.string("CU_NODE_NAME", host + ":" + port),
                env.optional("CU_AMI_ID").or(() -> amiAddress), Duration.ofMillis(ttl)));
    }
}
