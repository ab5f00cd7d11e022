package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.console.http.ApiException;
import pe.centralunica.console.http.BadRequestException;
import pe.centralunica.console.store.Jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Agencies' API tokens: made by an admin (shown once), kept only as a SHA-256, revocable, every change audited.
 * A token names its agency; what the agency may see follows from that ({@link AgencyScope}).
 */
public final class AgencyTokens {

    private static final String PREFIX = "cuat_";
    private final Jdbc jdbc;
    private final SecureRandom random = new SecureRandom();

    public AgencyTokens(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A new token for {@code agency}; the only time its text is returned. */
    public JsonObject create(String agency, String label, String actor) {
        if (label == null || label.isBlank() || label.length() > 100) {
            throw new BadRequestException("give the token a 'label' (who or which system uses it, at most 100 characters)");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return jdbc.tx("making a token for agency " + agency, tx -> {
            if (tx.one("SELECT 1 FROM agency WHERE code = ?", rs -> true, agency).isEmpty()) {
                throw new ApiException(404, "no agency '" + agency + "'");
            }
            long id = tx.one("INSERT INTO agency_token (agency_code, token_hash, label, created_by) VALUES (?, ?, ?, ?) RETURNING id",
                    rs -> rs.getLong(1), agency, hash(token), label.trim(), actor).orElseThrow();
            JsonObject after = new JsonObject().put("id", id).put("agency", agency).put("label", label.trim());
            tx.audit(actor, "CREATE", "agency_token", Long.toString(id), null, after);
            return after.copy().put("token", token);
        });
    }

    public JsonArray list() {
        return jdbc.tx("listing agency tokens", tx -> tx.array("""
                SELECT id, agency_code AS agency, label, created_by AS "createdBy", created_at AS "createdAt",
                       last_used_at AS "lastUsedAt", revoked_at AS "revokedAt", revoked_by AS "revokedBy"
                  FROM agency_token ORDER BY id"""));
    }

    public JsonObject revoke(long id, String actor) {
        return jdbc.tx("revoking agency token #" + id, tx -> {
            int n = tx.update("UPDATE agency_token SET revoked_at = now(), revoked_by = ? WHERE id = ? AND revoked_at IS NULL", actor, id);
            if (n == 0) {
                throw new ApiException(404, "no active agency token #" + id);
            }
            JsonObject after = new JsonObject().put("id", id).put("revokedBy", actor);
            tx.audit(actor, "DELETE", "agency_token", Long.toString(id), null, after);
            return after;
        });
    }

    /** The agency a bearer token belongs to, if it is a live token; a use is recorded, a refusal audited. */
    public Optional<String> agencyOf(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String hash = hash(token);
        return jdbc.tx("checking an agency token", tx -> {
            Optional<String> agency = tx.one("UPDATE agency_token SET last_used_at = now() WHERE token_hash = ? AND revoked_at IS NULL"
                    + " RETURNING agency_code", rs -> rs.getString(1), hash);
            if (agency.isEmpty()) {
                tx.audit("agency-api", "LOGIN_FAILED", "agency_token", null, null,
                        new JsonObject().put("tokenHashPrefix", hash.substring(0, 12)));
            }
            return agency;
        });
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
