package pe.centralunica.console.security;

import pe.centralunica.console.store.Jdbc;

import java.time.Duration;
import java.util.Optional;

/**
 * Slows password guessing without handing strangers a way to lock a dispatcher out: failures are counted per
 * username <em>and client address together</em> ({@link #PER_USER_AND_ADDRESS}), and per address
 * ({@link #PER_ADDRESS}), within {@link #WINDOW}. Guesses at a dispatcher's name from another machine only ever
 * block that other machine; the dispatcher signs in from their desk as usual. Counted in PostgreSQL
 * (login_failure), so the limits hold across nodes. A successful login clears its user-and-address count (not
 * the address's: one office shares an address). Guessing spread over many addresses is slowed by the hash cost
 * ({@link PasswordHasher}) and the 10-character password floor, not by a per-name lock.
 */
public final class LoginThrottle {

    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final int PER_USER_AND_ADDRESS = 5;
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
                (double) WINDOW.toSeconds(), pairKey(username, address), (double) WINDOW.toSeconds(), PER_USER_AND_ADDRESS,
                PER_USER_AND_ADDRESS,
                (double) WINDOW.toSeconds(), addressKey(address), (double) WINDOW.toSeconds(), PER_ADDRESS, PER_ADDRESS));
    }

    public void recordFailure(String username, String address) {
        jdbc.tx("recording a failed login", tx -> {
            tx.update("INSERT INTO login_failure (key) VALUES (?), (?)", pairKey(username, address), addressKey(address));
            tx.update("DELETE FROM login_failure WHERE at < now() - make_interval(secs => ?)", (double) WINDOW.toSeconds());
            return null;
        });
    }

    /** After a successful login: this user's failures from this address are forgiven. */
    public void clear(String username, String address) {
        jdbc.tx("clearing failed logins", tx -> tx.update("DELETE FROM login_failure WHERE key = ?", pairKey(username, address)));
    }

    private static String pairKey(String username, String address) {
        return "user:" + username + "@" + address;
    }

    /** An IPv6 client is counted by its /64: one host owns a whole /64 and could otherwise rotate through it. */
    static String addressKey(String address) {
        if (address.indexOf(':') >= 0 && address.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+")) {
            try {
                byte[] bytes = java.net.InetAddress.getByName(address).getAddress();
                if (bytes.length == 16) {
                    return "ip6:" + java.util.HexFormat.of().formatHex(bytes, 0, 8) + "/64";
                }
            } catch (java.net.UnknownHostException e) {
                // not a literal: counted as given
            }
        }
        return "ip:" + address;
    }
}
