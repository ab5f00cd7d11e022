package pe.centralunica.app.security;

import pe.centralunica.app.store.Jdbc;

import java.time.Duration;
import java.util.Optional;

/**
 * Slows password guessing: at most {@link #PER_USER} failures per username and {@link #PER_ADDRESS} per client
 * address within {@link #WINDOW}. Counted in PostgreSQL (login_failure), so the limit holds across nodes.
 * A successful login clears the username's count (not the address's: one office shares an address).
 */
public final class LoginThrottle {

    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final int PER_USER = 5;
    /**
     * High enough that one office behind one NAT address (a whole central's shift) is not locked out by its own
     * typos; low enough to stop spraying guesses over many usernames.
     */
    public static final int PER_ADDRESS = 60;

    private final Jdbc jdbc;

    public LoginThrottle(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** How long the client must wait before trying again, when it is over a limit. */
    public Optional<Duration> blocked(String username, String address) {
        return jdbc.tx("checking login attempts", tx -> tx.one("""
                SELECT ceil(extract(epoch FROM min(at) + make_interval(secs => ?) - now()))::bigint
                  FROM (SELECT at FROM login_failure WHERE key = ? AND at > now() - make_interval(secs => ?)
                         ORDER BY at DESC LIMIT ?) last
                HAVING count(*) >= ?
                UNION ALL
                SELECT ceil(extract(epoch FROM min(at) + make_interval(secs => ?) - now()))::bigint
                  FROM (SELECT at FROM login_failure WHERE key = ? AND at > now() - make_interval(secs => ?)
                         ORDER BY at DESC LIMIT ?) last
                HAVING count(*) >= ?
                ORDER BY 1 DESC LIMIT 1""",
                rs -> Duration.ofSeconds(Math.max(1, rs.getLong(1))),
                (double) WINDOW.toSeconds(), userKey(username), (double) WINDOW.toSeconds(), PER_USER, PER_USER,
                (double) WINDOW.toSeconds(), addressKey(address), (double) WINDOW.toSeconds(), PER_ADDRESS, PER_ADDRESS));
    }

    public void recordFailure(String username, String address) {
        jdbc.tx("recording a failed login", tx -> {
            tx.update("INSERT INTO login_failure (key) VALUES (?), (?)", userKey(username), addressKey(address));
            tx.update("DELETE FROM login_failure WHERE at < now() - make_interval(secs => ?)", (double) WINDOW.toSeconds());
            return null;
        });
    }

    public void clear(String username) {
        jdbc.tx("clearing failed logins", tx -> tx.update("DELETE FROM login_failure WHERE key = ?", userKey(username)));
    }

    private static String userKey(String username) {
        return "user:" + username;
    }

    private static String addressKey(String address) {
        return "ip:" + address;
    }
}
