package pe.centralunica.router.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The right to track one Asterisk server over AMI, held in PostgreSQL (table {@code ami_tracking_lease}) so that
 * every node agrees on it without any state of its own. Times are PostgreSQL's clock, never the nodes': a holder
 * whose clock drifts or who is frozen cannot stretch its lease.
 */
public final class AmiLease {

    /** The current row: who holds it, which epoch, and whether it is still running. */
    public record Holder(String holder, long epoch, boolean expired) {
    }

    private static final String ACQUIRE = """
            INSERT INTO ami_tracking_lease (asterisk_id, holder, epoch, acquired_at, expires_at)
            VALUES (?, ?, 1, clock_timestamp(), clock_timestamp() + ? * interval '1 millisecond')
            ON CONFLICT (asterisk_id) DO UPDATE
               SET holder = EXCLUDED.holder, epoch = ami_tracking_lease.epoch + 1,
                   acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
             WHERE ami_tracking_lease.expires_at < clock_timestamp()
            RETURNING epoch""";
    private static final String RENEW = """
            UPDATE ami_tracking_lease SET expires_at = clock_timestamp() + ? * interval '1 millisecond'
             WHERE asterisk_id = ? AND holder = ? AND epoch = ? AND expires_at >= clock_timestamp()""";
    private static final String RELEASE = """
            UPDATE ami_tracking_lease SET expires_at = clock_timestamp() - interval '1 millisecond'
             WHERE asterisk_id = ? AND holder = ? AND epoch = ?""";
    private static final String READ = """
            SELECT holder, epoch, expires_at < clock_timestamp() FROM ami_tracking_lease WHERE asterisk_id = ?""";

    private final DataSource dataSource;
    private final String asteriskId;
    private final String holder;
    private final Duration ttl;

    /**
     * @param asteriskId which Asterisk server (its AMI address unless named)
     * @param holder     this node's name, unique in the cluster
     * @param ttl        how long a renewal keeps the lease (the takeover time after a holder dies is about this)
     */
    public AmiLease(DataSource dataSource, String asteriskId, String holder, Duration ttl) {
        this.dataSource = dataSource;
        this.asteriskId = asteriskId;
        this.holder = holder;
        this.ttl = ttl;
    }

    public String asteriskId() {
        return asteriskId;
    }

    public String holder() {
        return holder;
    }

    /** Takes the lease if nobody holds it or its holder let it expire: the new epoch, else empty. */
    public Optional<Long> tryAcquire() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ACQUIRE)) {
            ps.setString(1, asteriskId);
            ps.setString(2, holder);
            ps.setLong(3, ttl.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Extends the lease of {@code epoch}; false when it expired or another node took it since (stop tracking). */
    public boolean renew(long epoch) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RENEW)) {
            ps.setLong(1, ttl.toMillis());
            ps.setString(2, asteriskId);
            ps.setString(3, holder);
            ps.setLong(4, epoch);
            return ps.executeUpdate() == 1;
        }
    }

    /** Lets it go at once (a node stopping on purpose): another node need not wait for it to expire. */
    public void release(long epoch) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RELEASE)) {
            ps.setString(1, asteriskId);
            ps.setString(2, holder);
            ps.setLong(3, epoch);
            ps.executeUpdate();
        }
    }

    /** Who holds it now (empty: never taken). */
    public Optional<Holder> current() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(READ)) {
            ps.setString(1, asteriskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Holder(rs.getString(1), rs.getLong(2), rs.getBoolean(3))) : Optional.empty();
            }
        }
    }
}
