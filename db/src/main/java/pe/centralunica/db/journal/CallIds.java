package pe.centralunica.db.journal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids every writer derives the same way, so that one Asterisk call makes exactly one call record whichever
 * writer (IVR, AMI tracker, another node) reaches PostgreSQL first: the call id comes from the caller
 * channel's uniqueid (unique per Asterisk; give each Asterisk its own {@code systemname} when several share
 * a database — Asterisk then prefixes its uniqueids with it), and steps a call has once (its hang-up) get
 * one event id, so PostgreSQL keeps one of them.
 */
public final class CallIds {

    private CallIds() {
    }

    /** The call record's id for the call whose caller channel has this uniqueid. */
    public static UUID forUniqueid(String uniqueid) {
        return UUID.nameUUIDFromBytes(("cu-call|" + uniqueid).getBytes(StandardCharsets.UTF_8));
    }

    /** The event id of a step a call has at most once, whoever writes it (HUNG_UP). */
    public static UUID onceEventId(UUID callId, CallEventType type) {
        return stepEventId(callId, type, "");
    }

    /** The event id of a step identified by {@code key} (e.g. its AMI timestamp and queue); same on every node. */
    public static UUID stepEventId(UUID callId, CallEventType type, String key) {
        return UUID.nameUUIDFromBytes(("cu-ami|" + callId + "|" + type + "|" + key).getBytes(StandardCharsets.UTF_8));
    }
}
