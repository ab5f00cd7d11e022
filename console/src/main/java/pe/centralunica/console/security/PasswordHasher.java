package pe.centralunica.console.security;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * PBKDF2-HMAC-SHA256 from the JDK (no native code, no extra jar) at OWASP's figure for SHA-256, 600,000
 * iterations (210,000 is its figure for SHA-512). Stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}: a
 * hash of an older, lower cost still verifies, and {@link #needsRehash} tells the login to store it anew.
 */
public final class PasswordHasher {

    public static final int ITERATIONS = 600_000;
    /** Below this a stored hash is not trusted at all (a forged row with 1 iteration must not be cheap to verify). */
    private static final int MIN_ITERATIONS = 100_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int MIN_LENGTH = 10;

    private final SecureRandom random = new SecureRandom();
    /** Verified against for unknown users, so "no such user" costs as long as "wrong password". */
    private final String decoy;

    public PasswordHasher() {
        this.decoy = hash("decoy-password-never-matches");
    }

    /** Refuses passwords a brute force would find quickly; returns the problem, or null when acceptable. */
    public static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "the password must have at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > 200) {
            return "the password must have at most 200 characters";
        }
        return null;
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return PREFIX + "$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(password, salt, ITERATIONS));
    }

    public boolean verify(String password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            derive(password, new byte[16], ITERATIONS);
            return false;
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            iterations = -1;
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            derive(password, new byte[16], ITERATIONS);
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(password, Base64.getDecoder().decode(parts[2]), iterations);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Whether a hash that just verified was made at a lower cost than today's (then the login stores a new one). */
    public boolean needsRehash(String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        return parts.length != 4 || !parts[0].equals(PREFIX) || !parts[1].equals(Integer.toString(ITERATIONS));
    }

    /** Spends the time of a verification and fails (for an unknown or disabled user). */
    public boolean verifyDecoy(String password) {
        verify(password, decoy);
        return false;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
