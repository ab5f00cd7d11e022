package pe.centralunica.app.health;

import pe.centralunica.db.journal.JournalStats;
import pe.centralunica.db.journal.SpooledCallJournal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The call journal. It stays UP while PostgreSQL is down — spooling is its job then — and reports the
 * backlog, so an operator sees how far behind the record is.
 */
public final class JournalHealth implements HealthIndicator {

    private final SpooledCallJournal journal;

    public JournalHealth(SpooledCallJournal journal) {
        this.journal = journal;
    }

    @Override
    public String name() {
        return "journal";
    }

    @Override
    public ComponentHealth check() {
        JournalStats stats = journal.stats();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("unshippedEvents", stats.unshippedEvents());
        details.put("oldestUnshippedSeconds", stats.oldestUnshippedAge().toSeconds());
        details.put("shippedTotal", stats.shippedTotal());
        stats.outageSince().ifPresent(since -> details.put("databaseUnreachableSince", since.toString()));
        stats.lastError().ifPresent(error -> details.put("lastError", error));
        return ComponentHealth.up(details);
    }
}
