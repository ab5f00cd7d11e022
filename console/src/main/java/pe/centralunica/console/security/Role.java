package pe.centralunica.console.security;

/** Console roles, each including the rights of the ones before it (mirrors app_user.role). */
public enum Role {
    DISPATCHER,
    SUPERVISOR,
    ADMIN;

    /** The role named by {@code value} (any case); IllegalArgumentException (→ 400) saying what to send. */
    public static Role parse(Object value) {
        for (Role r : values()) {
            if (r.name().equalsIgnoreCase(String.valueOf(value))) {
                return r;
            }
        }
        throw new IllegalArgumentException("'role' must be DISPATCHER, SUPERVISOR or ADMIN, not '" + value + "'");
    }

    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    /** Supervisors and administrators watch every central; a dispatcher only their own. */
    public boolean seesAllCentrals() {
        return this != DISPATCHER;
    }
}
