package pe.centralunica.db.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Ids every writer derives the same way, so that one Asterisk call makes exactly one call record whichever
 * writer (IVR, AMI tracker, another node) reaches PostgreSQL first: the call id comes from the caller
 * channel's uniqueid (unique per Asterisk; give each Asterisk its own {@code systemname} when several share
 * a database — Asterisk then prefixes its uniqueids with it), and steps a call has once (its hang-up) get
 * one event id, so PostgreSQL keeps one of them.
 */
public final class CallIds {

    /**
     * Cloned per id: {@code UUID.nameUUIDFromBytes} looks MD5 up among the security providers on every call,
     * 3% of the node's CPU per call (issue 16). The ids are the same version-3 UUIDs, bit for bit.
     */
    private static final MessageDigest MD5;

    static {
        try {
            MD5 = MessageDigest.getInstance("MD5");
            MD5.clone();
        } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CallIds() {
    }

    /** The call record's id for the call whose caller channel has this uniqueid. */
    public static UUID forUniqueid(String uniqueid) {
        return nameUuid("cu-call|" + uniqueid);
    }

    /** The event id of a step a call has at most once, whoever writes it (HUNG_UP). */
    public static UUID onceEventId(UUID callId, CallEventType type) {
        return stepEventId(callId, type, "");
    }

    /** The event id of a step identified by {@code key} (e.g. its AMI timestamp and queue); same on every node. */
    public static UUID stepEventId(UUID callId, CallEventType type, String key) {
        return nameUuid("cu-ami|" + callId + "|" + type + "|" + key);
    }

    /** What {@link UUID#nameUUIDFromBytes} makes of the name's UTF-8 bytes. */
    static UUID nameUuid(String name) {
        byte[] md5;
        try {
            md5 = ((MessageDigest) MD5.clone()).digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e); // cloned once at class load, so it cannot happen here
        }
        md5[6] = (byte) ((md5[6] & 0x0f) | 0x30); // version 3
        md5[8] = (byte) ((md5[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (md5[i] & 0xff);
            lsb = (lsb << 8) | (md5[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }
}
