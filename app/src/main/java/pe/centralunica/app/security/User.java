package pe.centralunica.app.security;

import java.util.Optional;

/**
 * A console user as a request sees it (never carries the password hash).
 *
 * @param agencyCode     the central whose calls a dispatcher sees; empty = all
 * @param phoneInterface queue-member interface of the user's phone, for screen pops
 */
public record User(long id, String username, String displayName, Role role, Optional<String> agencyCode,
                   Optional<String> phoneInterface, boolean active) {

    /** Whether this user may see calls of the central {@code agency} (empty = not attributable to one). */
    public boolean mayWatch(Optional<String> agency) {
        return role.seesAllCentrals() || agencyCode.isEmpty() || agencyCode.equals(agency);
    }
}
