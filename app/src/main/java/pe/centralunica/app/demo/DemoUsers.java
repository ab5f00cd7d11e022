package pe.centralunica.app.demo;

import pe.centralunica.console.security.PasswordHasher;
import pe.centralunica.console.security.Role;
import pe.centralunica.console.security.Users;
import pe.centralunica.console.store.Jdbc;

import java.util.List;
import java.util.Optional;

/**
 * The demo's documented users (README, "Console"): created by {@code demo} only, never by {@code serve}.
 * Their passwords are public — a demo database must never hold real calls.
 */
public final class DemoUsers {

    public record DemoUser(String username, String password, String displayName, Role role, String agency, String phone) {
    }

    public static final List<DemoUser> USERS = List.of(
            new DemoUser("admin", "admin-demo-2026", "Administradora Demo", Role.ADMIN, null, null),
            new DemoUser("supervisor", "supervisor-demo-2026", "Supervisor Demo", Role.SUPERVISOR, null, "PJSIP/cic-02"),
            new DemoUser("despacho.metro", "despacho-demo-2026", "Despachador CIC-SC", Role.DISPATCHER, "CIC-SC", "PJSIP/cic-01"),
            new DemoUser("despacho.sjl", "despacho-demo-2026", "Despachadora Serenazgo SJL", Role.DISPATCHER, "SER-150132",
                    "PJSIP/disp-150132-01"),
            new DemoUser("despacho.miraflores", "despacho-demo-2026", "Despachador Serenazgo Miraflores", Role.DISPATCHER,
                    "SER-150122", "PJSIP/disp-150122-01"));

    private DemoUsers() {
    }

    /** Creates the demo users that do not exist yet; returns how many were created. */
    public static int seed(Jdbc jdbc) {
        Users users = new Users(jdbc, new PasswordHasher());
        int created = 0;
        for (DemoUser u : USERS) {
            boolean exists = jdbc.tx("checking demo user", tx -> tx.one("SELECT 1 FROM app_user WHERE username = ?",
                    rs -> true, u.username())).isPresent();
            if (!exists) {
                users.create(new Users.NewUser(u.username(), u.displayName(), u.password(), u.role(),
                        Optional.ofNullable(u.agency()), Optional.ofNullable(u.phone())), "demo");
                created++;
            }
        }
        return created;
    }
}
