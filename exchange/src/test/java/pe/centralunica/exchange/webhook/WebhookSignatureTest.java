package pe.centralunica.exchange.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    private static final String SECRET = "s3cr3t-shared-with-the-agency-0123456789";

    @Test
    void aSignatureVerifiesOnlyForTheSameSecretTimeAndBody() {
        String sig = WebhookSignature.sign(SECRET, 1_765_116_000L, "{\"a\":1}");
        assertThat(sig).matches("sha256=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(SECRET, 1_765_116_000L, "{\"a\":1}", sig)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, 1_765_116_001L, "{\"a\":1}", sig)).as("other time").isFalse();
        assertThat(WebhookSignature.verify(SECRET, 1_765_116_000L, "{\"a\":2}", sig)).as("other body").isFalse();
        assertThat(WebhookSignature.verify("another-secret", 1_765_116_000L, "{\"a\":1}", sig)).as("other secret").isFalse();
        assertThat(WebhookSignature.verify(SECRET, 1_765_116_000L, "{\"a\":1}", null)).isFalse();
    }

    @Test
    void knownAnswerMatchesHmacSha256OfTimestampDotBody() {
        // The signed message is "<ts>.<body>"; checked against HMAC computed by hand (RFC 2104) over SHA-256.
        assertThat(WebhookSignature.sign("key", 0, "x")).isEqualTo("sha256=" + Hmac.reference("key", "0.x"));
    }

    @Test
    void backoffDoublesUpToItsCapAndNeverStops() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(b.after(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(b.after(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.after(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(b.after(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.after(1_000)).isEqualTo(Duration.ofSeconds(1));
    }

    /** An independent HMAC (RFC 2104 by hand over SHA-256), so the test does not check the code against itself. */
    private static final class Hmac {
        static String reference(String key, String message) {
            try {
                var sha = java.security.MessageDigest.getInstance("SHA-256");
                byte[] k = new byte[64];
                byte[] kb = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                System.arraycopy(kb, 0, k, 0, kb.length);
                byte[] ipad = new byte[64];
                byte[] opad = new byte[64];
                for (int i = 0; i < 64; i++) {
                    ipad[i] = (byte) (k[i] ^ 0x36);
                    opad[i] = (byte) (k[i] ^ 0x5c);
                }
                sha.update(ipad);
                byte[] inner = sha.digest(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(opad);
                return java.util.HexFormat.of().formatHex(sha.digest(inner));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
