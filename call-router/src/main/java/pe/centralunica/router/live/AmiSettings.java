package pe.centralunica.router.live;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the tracker reaches Asterisk's AMI.
 *
 * @param pingInterval  how often a Ping proves the link alive (the library sends none)
 * @param readTimeout   socket read timeout: a link silent this long is closed and re-established; keep it
 *                      above {@code pingInterval}, since each Ping's answer is traffic
 * @param actionTimeout how long any action (Ping, Redirect, Originate's final report …) may take
 * @param retryMin      first wait after a failed login; doubles up to {@code retryMax}
 */
public record AmiSettings(String host, int port, String user, String secret, Duration pingInterval,
                          Duration readTimeout, Duration actionTimeout, Duration retryMin, Duration retryMax) {

    public AmiSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("AMI port out of range: " + port);
        }
        if (readTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("readTimeout must exceed pingInterval, or every quiet link is dropped");
        }
    }

    /** Defaults: ping every 5 s, read timeout 15 s, actions 5 s, login retry 0.5 s doubling to 15 s. */
    public static AmiSettings of(String host, int port, String user, String secret) {
        return new AmiSettings(host, port, user, secret, Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(15));
    }

    /** From {@code CU_AMI_HOST} (127.0.0.1), {@code CU_AMI_PORT} (5038), {@code CU_AMI_USER}, {@code CU_AMI_SECRET}. */
    public static AmiSettings fromEnv(Map<String, String> env) {
        String secret = env.get("CU_AMI_SECRET");
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("CU_AMI_SECRET is required");
        }
        return of(env.getOrDefault("CU_AMI_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("CU_AMI_PORT", "5038").strip()),
                env.getOrDefault("CU_AMI_USER", "central-unica"), secret);
    }

    public AmiSettings withPing(Duration interval, Duration readTimeout) {
        return new AmiSettings(host, port, user, secret, interval, readTimeout, actionTimeout, retryMin, retryMax);
    }

    public AmiSettings withRetry(Duration min, Duration max) {
        return new AmiSettings(host, port, user, secret, pingInterval, readTimeout, actionTimeout, min, max);
    }

    public AmiSettings withActionTimeout(Duration timeout) {
        return new AmiSettings(host, port, user, secret, pingInterval, readTimeout, timeout, retryMin, retryMax);
    }

    @Override
    public String toString() {
        return "AmiSettings[" + user + "@" + host + ":" + port + ", ping " + pingInterval + ", read timeout "
                + readTimeout + "]"; // never the secret
    }
}
