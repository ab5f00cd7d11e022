package pe.centralunica.console.security;

import java.util.Optional;

/**
 * A console user as a request sees it (never carries the password hash).
 *
 * @param agencyCode     the central whose calls a dispatcher sees; empty = all
 * @param phoneInterface queue-member interface of the user's phone, for screen pops
 * @param agencyDistrict the district of the user's central when it is a district Serenazgo
 */
public record User(long id, String username, String displayName, Role role, Optional<String> agencyCode,
                   Optional<String> phoneInterface, boolean active, Optional<String> agencyDistrict) {

    /**
     * The district whose calls and incidents this user works, when limited to one: a dispatcher of a district
     * Serenazgo. Dispatchers of city-wide agencies (PNP, Bomberos, SAMU, Línea 100, the metropolitan centre),
     * supervisors and administrators see every district.
     */
    public Optional<String> districtScope() {
        return role.seesAllCentrals() ? Optional.empty() : agencyDistrict;
    }

    /** Whether this user may see calls of the central {@code agency}; a dispatcher of no central sees none (fail closed). */
    public boolean mayWatch(Optional<String> agency) {
        return role.seesAllCentrals() || agencyCode.isPresent() && agencyCode.equals(agency);
    }

    /** A dispatcher belongs to a central; without one there is nothing they may see (an administrator's omission). */
    public boolean hasScope() {
        return role.seesAllCentrals() || agencyCode.isPresent();
    }
}
