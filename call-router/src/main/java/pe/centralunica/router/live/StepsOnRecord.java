package pe.centralunica.router.live;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import pe.centralunica.db.journal.CallEventType;

/**
 * The tracker steps of calls as PostgreSQL holds them. A node taking over an Asterisk from another reads them so
 * that what it fills in from Asterisk's logs (what the previous holder may not have shipped before it died) is
 * never a second copy of what that holder did write.
 */
public interface StepsOnRecord {

    /** Nothing on record to read: a takeover fills from the logs what its own stream lacks, as after an outage. */
    StepsOnRecord NONE = callIds -> Map.of();

    /**
     * One written step.
     *
     * @param amiSeconds when it happened, on Asterisk's clock (epoch seconds)
     * @param who        the queue (joined), the member (rung, answered), empty for other steps
     */
    record Step(CallEventType type, double amiSeconds, String who) {
    }

    /** The tracker's steps on record of each of these calls (calls with none are absent). */
    Map<UUID, List<Step>> of(Collection<UUID> callIds) throws SQLException;
}
