package pe.centralunica.console.security;

import io.vertx.core.json.JsonObject;
import pe.centralunica.console.store.Jdbc;

import java.util.Locale;
import java.util.Optional;

/**
 * Login: throttle check, constant-work password check, session, and LOGIN / LOGIN_FAILED in audit_log. A throttled
 * attempt writes nothing: the audit log grows by at most {@link LoginThrottle#PER_ADDRESS} rows per address and
 * window, however fast a client sends.
 */
public final class Authenticator {

    private final Users users;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final PasswordHasher hasher;
    private final Jdbc jdbc;

    public Authenticator(Users users, Sessions sessions, LoginThrottle throttle, PasswordHasher hasher, Jdbc jdbc) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.hasher = hasher;
        this.jdbc = jdbc;
    }

    public LoginOutcome login(String rawUsername, String password, String address) {
        String username = rawUsername.trim().toLowerCase(Locale.ROOT);
        Optional<java.time.Duration> wait = throttle.blocked(username, address);
        if (wait.isPresent()) {
            return new LoginOutcome.Throttled(wait.get());
        }
        Optional<Users.Credentials> found = users.credentials(username);
        boolean ok = found.isPresent() && found.get().user().active()
                ? hasher.verify(password, found.get().passwordHash())
                : hasher.verifyDecoy(password);
        if (!ok) {
            throttle.recordFailure(username, address);
            audit(username, "LOGIN_FAILED", new JsonObject().put("address", address));
            return new LoginOutcome.Refused();
        }
        throttle.clear(username, address);
        if (hasher.needsRehash(found.get().passwordHash())) {
            users.rehash(found.get().user().id(), found.get().passwordHash(), hasher.hash(password));
        }
        audit(username, "LOGIN", new JsonObject().put("address", address));
        return new LoginOutcome.LoggedIn(sessions.open(found.get().user()));
    }

    private void audit(String username, String action, JsonObject after) {
        jdbc.tx("auditing a login", tx -> {
            tx.audit(username, action, "session", null, null, after);
            return null;
        });
    }
}
