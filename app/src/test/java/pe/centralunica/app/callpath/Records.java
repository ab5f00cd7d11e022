package pe.centralunica.app.callpath;

import pe.centralunica.db.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Reads call records as PostgreSQL holds them, waiting (bounded) for the journal to ship them. */
final class Records {

    private final Database db;

    Records(Database db) {
        this.db = db;
    }

    /** The first column of the first row, or null. */
    String text(String sql, Object param) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    long count(String sql, Object param) throws Exception {
        return Long.parseLong(Objects.requireNonNull(text(sql, param)));
    }

    /** Waits up to 30 s for the query to give {@code expected}; returns the last value seen. */
    String await(String sql, Object param, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = text(sql, param);
        while (!Objects.equals(expected, last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = text(sql, param);
        }
        return last;
    }

    /** The types of a call's events in timeline order, comma-separated, once the journal has shipped them. */
    String timeline(String callId) throws Exception {
        return text("SELECT string_agg(type, ',' ORDER BY seq) FROM call_event WHERE call_id = ?::uuid", callId);
    }
}
