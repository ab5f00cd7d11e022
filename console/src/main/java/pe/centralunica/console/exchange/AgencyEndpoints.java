package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonObject;
import pe.centralunica.console.http.ApiException;
import pe.centralunica.console.http.BadRequestException;
import pe.centralunica.console.store.Jdbc;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;

/** Where an agency wants its webhooks, and the HMAC secret they are signed with (made here, shown once). Audited. */
public final class AgencyEndpoints {

    private final Jdbc jdbc;
    private final SecureRandom random = new SecureRandom();

    public AgencyEndpoints(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Sets (or replaces) the agency's endpoint with a new secret; returns the secret this once. */
    public JsonObject set(String agency, String url, String actor) {
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://")) || url.length() > 500) {
            throw new BadRequestException("give the agency's webhook 'url' (http:// or https://, at most 500 characters)");
        }
        try {
            URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("'url' is not a URL: " + e.getMessage());
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        return jdbc.tx("setting agency " + agency + "'s webhook", tx -> {
            if (tx.one("SELECT 1 FROM agency WHERE code = ?", rs -> true, agency).isEmpty()) {
                throw new ApiException(404, "no agency '" + agency + "'");
            }
            tx.update("""
                    INSERT INTO agency_endpoint (agency_code, url, secret, updated_by) VALUES (?, ?, ?, ?)
                    ON CONFLICT (agency_code) DO UPDATE SET url = excluded.url, secret = excluded.secret, enabled = true,
                           updated_by = excluded.updated_by, updated_at = now()""", agency, url, secret, actor);
            JsonObject after = new JsonObject().put("agency", agency).put("url", url);
            tx.audit(actor, "UPDATE", "agency_endpoint", agency, null, after);
            return after.copy().put("secret", secret);
        });
    }
}
