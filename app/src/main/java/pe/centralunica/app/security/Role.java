package pe.centralunica.app.security;

/** Console roles, each including the rights of the ones before it (mirrors app_user.role). */
public enum Role {
    DISPATCHER,
    SUPERVISOR,
    ADMIN;

    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    /** Supervisors and administrators watch every central; a dispatcher only their own. */
    public boolean seesAllCentrals() {
        return this != DISPATCHER;
    }
}
