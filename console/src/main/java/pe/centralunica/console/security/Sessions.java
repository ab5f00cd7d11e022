package pe.centralunica.console.security;

import pe.centralunica.console.store.Jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Server-side sessions in PostgreSQL (console_session): any node serves any request, and a logout or a
 * deactivated user takes effect on every node at once. The cookie holds a 256-bit random token; the table
 * holds its SHA-256 only. Sessions end after {@link #IDLE} without a request, or {@link #ABSOLUTE} after login.
 */
public final class Sessions {

    public static final Duration IDLE = Duration.ofMinutes(30);
    public static final Duration ABSOLUTE = Duration.ofHours(12);

    private final Jdbc jdbc;
    private final SecureRandom random = new SecureRandom();

    public Sessions(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A session as a request holds it. */
    public record Session(String token, String csrfToken, User user) {
    }

    public Session open(User user) {
        String token = randomToken();
        String csrf = randomToken();
        jdbc.tx("opening a session", tx -> tx.update("INSERT INTO console_session (token_hash, user_id, csrf_token, expires_at)"
                        + " VALUES (?, ?, ?, now() + make_interval(secs => ?))",
                hash(token), user.id(), csrf, (double) IDLE.toSeconds()));
        // Expired rows of anyone are swept now and then, so the table stays the size of the active staff.
        if (random.nextInt(50) == 0) {
            jdbc.tx("sweeping sessions", tx -> tx.update("DELETE FROM console_session WHERE expires_at < now()"));
        }
        return new Session(token, csrf, user);
    }

    /** The live session for a cookie token, its idle expiry pushed forward; empty when unknown, expired or the user is inactive. */
    public Optional<Session> resolve(String token) {
        if (token == null || token.length() != 43) {
            return Optional.empty();
        }
        return jdbc.tx("reading a session", tx -> tx.one("""
                UPDATE console_session s
                   SET last_seen_at = now(),
                       expires_at = least(now() + make_interval(secs => ?), s.created_at + make_interval(secs => ?))
                  FROM app_user u
                 WHERE s.token_hash = ? AND s.expires_at > now() AND u.id = s.user_id AND u.active
                RETURNING s.csrf_token, %s""".formatted(Users.COLUMNS),
                rs -> new Session(token, rs.getString("csrf_token"), Users.user(rs)),
                (double) IDLE.toSeconds(), (double) ABSOLUTE.toSeconds(), hash(token)));
    }

    public void close(String token) {
        if (token != null) {
            jdbc.tx("closing a session", tx -> tx.update("DELETE FROM console_session WHERE token_hash = ?", hash(token)));
        }
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
