package pe.centralunica.db.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Makes a derived call fit the schema: a value the schema would refuse (unknown district or type, a caller
 * class outside the CHECK, a malformed uniqueid) becomes NULL in the row — the event itself is stored as
 * written — and is logged once per distinct value, so one bad writer can neither block shipping nor flood
 * the log.
 */
final class SchemaFit {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaFit.class);
    /** Stand-in for the NOT NULL asterisk_uniqueid while no event of the call carried a valid one. */
    static final String UNKNOWN_UNIQUEID = "0.0";
    private static final Pattern UNIQUEID = Pattern.compile("^[0-9]+\\.[0-9]+$");
    private static final Set<String> CALLER_CLASSES = Set.of("NORMAL", "PANIC", "SILENT", "FLAGGED");
    private static final Set<String> DISTRICT_SOURCES = Set.of("PANIC_BUTTON", "TRUNK", "HISTORY", "DTMF", "NONE");
    private static final int MAX_REMEMBERED = 10_000;

    private final Set<String> alreadyLogged = ConcurrentHashMap.newKeySet();

    CallRow fit(DerivedCall d, ReferenceCodes codes, Set<Long> existingIncidents) {
        String uniqueid = d.uniqueid();
        if (uniqueid != null && !UNIQUEID.matcher(uniqueid).matches()) {
            refuse(d, "uniqueid", uniqueid);
            uniqueid = null;
        }
        if (uniqueid == null) {
            if (d.arrived()) {
                refuse(d, "uniqueid", "(missing on ARRIVED)");
            }
            uniqueid = UNKNOWN_UNIQUEID;
        }
        String type = known(d, "emergency type", d.emergencyType(), codes.typePriorities().keySet());
        String district = known(d, "district", d.district(), codes.districts());
        String device = known(d, "panic device", d.panicDevice(), codes.panicDevices());
        String callerClass = known(d, "caller class", d.callerClass(), CALLER_CLASSES);
        String source = known(d, "district source", d.districtSource(), DISTRICT_SOURCES);
        Long ruleId = number(d, "rule id", d.ruleId());
        Long incident = number(d, "incident id", d.incidentId());
        if (incident != null && !existingIncidents.contains(incident)) {
            refuse(d, "incident id", d.incidentId());
            incident = null;
        }
        var endedAt = d.endedAt();
        if (endedAt != null && endedAt.isBefore(d.arrivedAt())) {
            // Clocks of two nodes disagree; the schema wants ended >= arrived.
            refuse(d, "ended_at before arrived_at", endedAt.toString());
            endedAt = d.arrivedAt();
        }
        return new CallRow(d.callId(), uniqueid, clean(d.linkedid()), clean(d.channel()), clean(d.callerNumber()),
                clean(d.dialledNumber()), d.testCall(), clean(d.language()), callerClass, type, district, source,
                device, incident, ruleId, clean(d.answeredBy()), d.outcome(), clean(d.hangupCause()), d.prank(),
                d.triaged(), d.arrivedAt(), d.triagedAt(), d.routedAt(), d.answeredAt(), endedAt);
    }

    /** The uniqueid a placeholder row gets before the full timeline is known. */
    static String placeholderUniqueid(String candidate) {
        return candidate != null && UNIQUEID.matcher(candidate).matches() ? candidate : UNKNOWN_UNIQUEID;
    }

    private String known(DerivedCall d, String what, String value, Set<String> allowed) {
        if (value == null || allowed.contains(value)) {
            return value;
        }
        refuse(d, what, value);
        return null;
    }

    private Long number(DerivedCall d, String what, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            refuse(d, what, value);
            return null;
        }
    }

    private void refuse(DerivedCall d, String what, String value) {
        String key = what + '\u0000' + value;
        if (alreadyLogged.size() < MAX_REMEMBERED && alreadyLogged.add(key)) {
            LOG.warn("Call {}: {} '{}' does not fit the schema; the event is stored as written, the call row "
                    + "leaves that column empty (logged once per value)", d.callId(), what, value);
        }
    }

    private static String clean(String s) {
        return s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
    }
}
