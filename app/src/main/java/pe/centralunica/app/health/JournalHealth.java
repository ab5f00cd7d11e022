package pe.centralunica.app.health;

import pe.centralunica.console.health.HealthIndicator;
import pe.centralunica.console.health.ComponentHealth;
import pe.centralunica.db.journal.JournalFault;
import pe.centralunica.db.journal.JournalStats;
import pe.centralunica.db.journal.SpooledCallJournal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The call journal. It stays UP while PostgreSQL is down — spooling is its job then — and reports the
 * backlog, so an operator sees how far behind the record is. It is DOWN on any journal fault (writer dead,
 * stalled or failing, spool disk full, records refused, shipper stopped): calls are still routed, but this
 * node is no longer keeping true records of them.
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
        details.put("queuedEvents", journal.queuedEvents());
        details.put("refusedEvents", journal.refusedEvents());
        details.put("appendsNotDurableInTime", journal.appendsNotDurableInTime());
        List<JournalFault> faults = journal.faults();
        if (!faults.isEmpty()) {
            details.put("reason", faults.stream().map(JournalFault::describe).collect(Collectors.joining("; ")));
            return new ComponentHealth(ComponentHealth.Status.DOWN, details);
        }
        return ComponentHealth.up(details);
    }
}
