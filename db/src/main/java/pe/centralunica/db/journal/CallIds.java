package pe.centralunica.db.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

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

    /** This process's random half of every event id it makes (version 4, IETF variant bits set). */
    private static final long PROCESS_HIGH;
    private static final long PROCESS_LOW;
    private static final AtomicLong EVENTS = new AtomicLong();
    private static final long LOW_62_BITS = (1L << 62) - 1;

    static {
        SecureRandom random = new SecureRandom();
        PROCESS_HIGH = (random.nextLong() & ~0xF000L) | 0x4000L;
        PROCESS_LOW = random.nextLong() & LOW_62_BITS;
    }

    private CallIds() {
    }

    /**
     * A new event id, unique without asking anyone: 122 random bits drawn once per process, the low 62 of them
     * XORed with this process's count of ids made (so two ids of one process never collide; ids of two processes
     * collide only if 60 random bits agree). {@code UUID.randomUUID()} draws from SecureRandom for every event,
     * eight per call: 2-3% of the node's CPU per call.
     */
    public static UUID newEventId() {
        return new UUID(PROCESS_HIGH, Long.MIN_VALUE | (PROCESS_LOW ^ (EVENTS.getAndIncrement() & LOW_62_BITS)));
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
