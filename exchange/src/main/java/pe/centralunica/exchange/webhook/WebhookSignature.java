package pe.centralunica.exchange.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The signature on every webhook: {@code X-CU-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}
 * with the timestamp (epoch seconds) sent in {@code X-CU-Timestamp}, so a captured request cannot be replayed
 * later with another body or time. Agencies verify with {@link #verify}; the same few lines in any language.
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-CU-Signature";
    public static final String TIMESTAMP_HEADER = "X-CU-Timestamp";
    public static final String EVENT_ID_HEADER = "X-CU-Event-Id";

    private WebhookSignature() {
    }

    public static String sign(String secret, long epochSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** True when {@code signature} is the one {@code secret} gives this timestamp and body (constant-time compare). */
    public static boolean verify(String secret, long epochSeconds, String body, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, epochSeconds, body).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }
}
