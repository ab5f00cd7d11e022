package pe.centralunica.ivr;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.notify.ChangeSignal;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The prank marks of the last {@code window}, held in memory while PostgreSQL's {@code cu_caller_mark}
 * notifications keep it current (V120: any change to {@code caller_mark} notifies at commit). A caller whose
 * district the trunk or the dialled number gives then needs no query at all (issue 16: the lookup was a tenth
 * of the node's CPU per call). While the node is not listening, or the book cannot be reloaded, it answers
 * nothing and the caller lookup queries as before.
 */
final class PrankMarkBook {

    private static final Logger LOG = LoggerFactory.getLogger(PrankMarkBook.class);
    // Marks are counted by time at each lookup; the load reaches an hour further back for clock skew between node and server.
    private static final String LOAD = """
            SELECT caller_number, marked_at FROM caller_mark
             WHERE kind = 'PRANK' AND marked_at > now() - make_interval(secs => ?)""";

    private final DataSource dataSource;
    private final ChangeSignal changes;
    private final Duration window;
    private final Clock clock;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Loaded loaded;

    private record Loaded(long generation, Map<String, List<Instant>> marks) {
    }

    PrankMarkBook(DataSource dataSource, ChangeSignal changes, Duration window, Clock clock) {
        this.dataSource = dataSource;
        this.changes = changes;
        this.window = window;
        this.clock = clock;
    }

    /** Marks on this number within the window, or empty when the book cannot vouch for being current. */
    Optional<Integer> marks(String number) {
        if (!changes.listening()) {
            return Optional.empty();
        }
        long generation = changes.generation();
        Loaded current = loaded;
        if (current == null || current.generation != generation) {
            current = reload(generation);
            if (current == null) {
                return Optional.empty();
            }
        }
        List<Instant> times = current.marks.get(number);
        if (times == null) {
            return Optional.of(0);
        }
        Instant since = clock.instant().minus(window);
        int n = 0;
        for (Instant t : times) {
            if (t.isAfter(since)) {
                n++;
            }
        }
        return Optional.of(n);
    }

    /** One reload at a time; the generation was read before the query, so a change during it reloads again. */
    private Loaded reload(long generation) {
        reloading.lock();
        try {
            Loaded current = loaded;
            if (current != null && current.generation == generation) {
                return current;
            }
            Map<String, List<Instant>> marks = new HashMap<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LOAD)) {
                ps.setLong(1, window.toSeconds() + 3600);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        marks.computeIfAbsent(rs.getString(1), k -> new ArrayList<>(2))
                                .add(rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
                    }
                }
            } catch (SQLException e) {
                LOG.warn("Prank marks could not be reloaded ({}); caller lookups query PostgreSQL meanwhile", e.getMessage());
                return null;
            }
            Loaded fresh = new Loaded(generation, marks);
            loaded = fresh;
            LOG.debug("Prank marks reloaded: {} number(s) marked in the last {}", marks.size(), window);
            return fresh;
        } finally {
            reloading.unlock();
        }
    }
}
