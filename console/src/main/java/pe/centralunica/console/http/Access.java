package pe.centralunica.console.http;

import pe.centralunica.console.security.Role;

import java.util.Optional;

/** Who may call an endpoint: anyone, or a signed-in user with at least a role. */
public enum Access {
    PUBLIC(null),
    DISPATCHER(Role.DISPATCHER),
    SUPERVISOR(Role.SUPERVISOR),
    ADMIN(Role.ADMIN);

    private final Role least;

    Access(Role least) {
        this.least = least;
    }

    public Optional<Role> least() {
        return Optional.ofNullable(least);
    }
}
