package pe.centralunica.db.journal;

import pe.centralunica.db.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Waiting and counting for the journal's fault tests. */
final class JournalTestSupport {

    private JournalTestSupport() {
    }

    /** Polls a condition (writer and shipper run on their own threads); the deadline only guards against a hang. */
    static void await(BooleanSupplier condition, Duration atMost, String what) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + atMost + " waiting for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    static long eventCount(Database db, Collection<UUID> callIds) throws SQLException {
        return count(db, "SELECT count(*) FROM call_event WHERE call_id = ANY(?::uuid[])", callIds);
    }

    static long distinctEventIds(Database db, Collection<UUID> callIds) throws SQLException {
        return count(db, "SELECT count(DISTINCT event_id) FROM call_event WHERE call_id = ANY(?::uuid[])", callIds);
    }

    static long count(Database db, String sql, Collection<UUID> callIds) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", callIds.stream().map(UUID::toString).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
