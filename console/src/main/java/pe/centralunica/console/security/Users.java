package pe.centralunica.console.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.console.store.Tx;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** app_user: lookup for login and sessions, and the administrators' user management (audited, no hashes out). */
public final class Users {

    static final String COLUMNS = "u.id, u.username, u.display_name, u.role, u.agency_code, u.phone_interface, u.active,"
            + " (SELECT a.district_ubigeo FROM agency a WHERE a.code = u.agency_code) AS agency_district";
    private static final String PUBLIC_JSON = """
            SELECT id, username, display_name AS "displayName", role, agency_code AS "agencyCode",
                   phone_interface AS "phoneInterface", languages, active, created_at AS "createdAt" FROM app_user""";

    /** What app_user.username accepts (V1's CHECK): anything else cannot be anyone's name. */
    public static final java.util.regex.Pattern USERNAME = java.util.regex.Pattern.compile("[a-z0-9._-]{3,40}");

    private final Jdbc jdbc;
    private final PasswordHasher hasher;

    public Users(Jdbc jdbc, PasswordHasher hasher) {
        this.jdbc = jdbc;
        this.hasher = hasher;
    }

    /** A new user; the password is checked for length and stored hashed. Audited as CREATE. */
    public JsonObject create(NewUser user, String actor) {
        String weakness = PasswordHasher.weakness(user.password());
        if (weakness != null) {
            throw new IllegalArgumentException(weakness);
        }
        String hash = hasher.hash(user.password());
        return jdbc.tx("creating user " + user.username(), tx -> {
            long id = tx.one("INSERT INTO app_user (username, display_name, password_hash, role, agency_code, phone_interface, languages)"
                            + " VALUES (?, ?, ?, ?, ?, ?, string_to_array(?, ',')) RETURNING id", rs -> rs.getLong(1),
                    user.username(), user.displayName(), hash, user.role().name(), user.agencyCode(), user.phoneInterface(),
                    SpokenLanguages.forSql(user.languages()))
                    .orElseThrow();
            JsonObject after = publicView(tx, id).orElseThrow();
            tx.audit(actor, "CREATE", "app_user", Long.toString(id), null, after);
            return after;
        });
    }

    /** @param languages what the user speaks ({@link SpokenLanguages}); callers of those languages ring them first */
    public record NewUser(String username, String displayName, String password, Role role, Optional<String> agencyCode,
                          Optional<String> phoneInterface, List<String> languages) {
        public NewUser {
            languages = SpokenLanguages.parse(languages);
        }

        /** A Spanish-only user. */
        public NewUser(String username, String displayName, String password, Role role, Optional<String> agencyCode,
                       Optional<String> phoneInterface) {
            this(username, displayName, password, role, agencyCode, phoneInterface, SpokenLanguages.DEFAULT);
        }
    }

    /**
     * Changes the fields given in {@code patch} (displayName, role, agencyCode, phoneInterface, languages, active,
     * password).
     * Empty when the user does not exist. Sessions of a deactivated user or one whose password changed end at once.
     */
    public Optional<JsonObject> update(long id, JsonObject patch, String actor) {
        String hash = null;
        if (patch.containsKey("password")) {
            String weakness = PasswordHasher.weakness(patch.getString("password"));
            if (weakness != null) {
                throw new IllegalArgumentException(weakness);
            }
            hash = hasher.hash(patch.getString("password"));
        }
        String newHash = hash;
        String newLanguages = patch.containsKey("languages")
                ? SpokenLanguages.forSql(SpokenLanguages.parse(patch.getJsonArray("languages").getList().stream().map(String::valueOf).toList()))
                : null;
        return jdbc.tx("updating user #" + id, tx -> {
            Optional<JsonObject> before = publicView(tx, id);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            JsonObject b = before.get();
            tx.update("UPDATE app_user SET display_name = ?, role = ?, agency_code = ?, phone_interface = ?, active = ?,"
                            + " password_hash = coalesce(?, password_hash), languages = coalesce(string_to_array(?, ','), languages) WHERE id = ?",
                    patch.getString("displayName", b.getString("displayName")),
                    patch.getString("role", b.getString("role")),
                    patch.containsKey("agencyCode") ? patch.getString("agencyCode") : b.getString("agencyCode"),
                    patch.containsKey("phoneInterface") ? patch.getString("phoneInterface") : b.getString("phoneInterface"),
                    patch.getBoolean("active", b.getBoolean("active")),
                    newHash, newLanguages, id);
            if (newHash != null || !patch.getBoolean("active", true)) {
                tx.update("DELETE FROM console_session WHERE user_id = ?", id);
            }
            JsonObject after = publicView(tx, id).orElseThrow();
            JsonObject auditedAfter = after.copy();
            if (newHash != null) {
                auditedAfter.put("passwordChanged", true);
            }
            tx.audit(actor, "UPDATE", "app_user", Long.toString(id), b, auditedAfter);
            return Optional.of(after);
        });
    }

    public JsonArray list() {
        return jdbc.tx("listing users", tx -> tx.array(PUBLIC_JSON + " ORDER BY username"));
    }

    /** The user and their stored hash, for login. */
    Optional<Credentials> credentials(String username) {
        return jdbc.tx("reading user " + username, tx -> tx.one("SELECT " + COLUMNS + ", u.password_hash FROM app_user u"
                + " WHERE u.username = ?", rs -> new Credentials(user(rs), rs.getString("password_hash")), username));
    }

    record Credentials(User user, String passwordHash) {
    }

    /**
     * Replaces a hash of an older cost after the password was just verified against it; a concurrent password
     * change wins (the old hash must still be the stored one).
     */
    void rehash(long id, String oldHash, String newHash) {
        jdbc.tx("upgrading a password hash", tx -> tx.update(
                "UPDATE app_user SET password_hash = ? WHERE id = ? AND password_hash = ?", newHash, id, oldHash));
    }

    private static Optional<JsonObject> publicView(Tx tx, long id) throws SQLException {
        return tx.row(PUBLIC_JSON + " WHERE id = ?", id);
    }

    static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                Role.valueOf(rs.getString("role")), Optional.ofNullable(rs.getString("agency_code")),
                Optional.ofNullable(rs.getString("phone_interface")), rs.getBoolean("active"),
                Optional.ofNullable(rs.getString("agency_district")));
    }
}
