package pe.centralunica.router.live;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import pe.centralunica.db.journal.CallEventType;

/**
 * {@link StepsOnRecord} from the {@code call_event} table: the tracker's rows (positions from 1,000,000 on), and a
 * hang-up whoever wrote it (the IVR writes one too, under the same event id).
 */
public final class JdbcStepsOnRecord implements StepsOnRecord {

    private static final String READ = """
            SELECT call_id, type, extract(epoch FROM at),
                   CASE type WHEN 'QUEUE_JOINED' THEN data->>'queue' WHEN 'AGENT_RUNG' THEN data->>'member'
                             WHEN 'ANSWERED' THEN data->>'by' ELSE '' END
              FROM call_event WHERE call_id = ANY(?) AND (seq >= ? OR type = 'HUNG_UP')""";

    private final DataSource dataSource;

    public JdbcStepsOnRecord(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Map<UUID, List<Step>> of(Collection<UUID> callIds) throws SQLException {
        Map<UUID, List<Step>> out = new HashMap<>();
        if (callIds.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(READ)) {
            Array ids = c.createArrayOf("uuid", callIds.toArray());
            ps.setArray(1, ids);
            ps.setInt(2, Timeline.TRACKER_SEQ_BASE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String who = rs.getString(4);
                    out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(new Step(
                            CallEventType.valueOf(rs.getString(2)), rs.getDouble(3), who == null ? "" : who));
                }
            }
        }
        return out;
    }
}
