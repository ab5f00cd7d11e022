package pe.centralunica.console.live;

import pe.centralunica.console.store.Jdbc;
import pe.centralunica.sipconfig.topology.LanguageQueues;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Which central (agency) owns each Asterisk queue, from route_target (and its language variants, sip-config's
 * {@link LanguageQueues}). Read on the tracker's thread, so it
 * answers from memory; reloaded from PostgreSQL when older than {@link #MAX_AGE} (reloads happen on a virtual thread).
 */
public final class QueueDirectory {

    private static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final Jdbc jdbc;
    private volatile Map<String, String> agencyByQueue = Map.of();
    private volatile Instant loadedAt = Instant.EPOCH;

    public QueueDirectory(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> agencyOf(Optional<String> queue) {
        if (Duration.between(loadedAt, Instant.now()).compareTo(MAX_AGE) > 0) {
            loadedAt = Instant.now();
            Thread.ofVirtual().name("queue-directory").start(this::reload);
        }
        // A language variant (desk-cgbvp-qu) belongs to its queue's central: its dispatchers must see the call.
        Map<String, String> owners = agencyByQueue;
        return queue.map(q -> owners.containsKey(q) ? owners.get(q) : LanguageQueues.baseOf(q).map(owners::get).orElse(null));
    }

    /** Loads the map now (at start, and when route targets change). */
    public void reload() {
        agencyByQueue = Map.copyOf(jdbc.tx("reading queue owners", tx -> tx.list(
                "SELECT asterisk_name, agency_code FROM route_target WHERE kind = 'QUEUE'",
                rs -> Map.entry(rs.getString(1), rs.getString(2)))).stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a)));
        loadedAt = Instant.now();
    }
}
