package pe.centralunica.router.live;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the tracker reaches Asterisk's AMI, and how quickly it notices a link that went quiet.
 *
 * @param pingInterval  how often a Ping proves the link alive (the library sends none)
 * @param pingTimeout   how late a Ping's answer may be: a link from which nothing at all (no event, no answer) has
 *                      come for {@code pingInterval + pingTimeout} is dead — a black-holed link (half-open TCP,
 *                      nothing refused) is noticed that long after Asterisk was last heard
 * @param readTimeout   socket read timeout, the backstop: a link silent this long is closed and re-established;
 *                      keep it above {@code pingInterval}, since each Ping's answer is traffic
 * @param actionTimeout how long any other action (login steps, Redirect, Originate's final report …) may take
 * @param retryMin      wait after a failed login; doubles up to {@code retryMax}. The first login after a lost
 *                      session is tried at once
 */
public record AmiSettings(String host, int port, String user, String secret, Duration pingInterval, Duration pingTimeout,
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

    /**
     * Defaults: ping every 1 s, 1.5 s late at most (a silent link is dead 2.5 s after the last byte), read timeout 4 s,
     * actions 3 s, login retried at once, then after 0.25 s doubling to 1 s (a cut link is back within ~1 s
     * of Asterisk answering again; a refused connection costs nothing to retry).
     */
    public static AmiSettings of(String host, int port, String user, String secret) {
        return new AmiSettings(host, port, user, secret, Duration.ofSeconds(1), Duration.ofMillis(1500),
                Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(250), Duration.ofSeconds(1));
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

    /** Ping period and read timeout; the ping's own timeout stays as it is unless it would exceed the period's read timeout. */
    public AmiSettings withPing(Duration interval, Duration readTimeout) {
        Duration timeout = pingTimeout.compareTo(readTimeout) < 0 ? pingTimeout : readTimeout.dividedBy(2);
        return new AmiSettings(host, port, user, secret, interval, timeout, readTimeout, actionTimeout, retryMin, retryMax);
    }

    public AmiSettings withPingTimeout(Duration timeout) {
        return new AmiSettings(host, port, user, secret, pingInterval, timeout, readTimeout, actionTimeout, retryMin, retryMax);
    }

    public AmiSettings withRetry(Duration min, Duration max) {
        return new AmiSettings(host, port, user, secret, pingInterval, pingTimeout, readTimeout, actionTimeout, min, max);
    }

    public AmiSettings withActionTimeout(Duration timeout) {
        return new AmiSettings(host, port, user, secret, pingInterval, pingTimeout, readTimeout, timeout, retryMin, retryMax);
    }

    @Override
    public String toString() {
        return "AmiSettings[" + user + "@" + host + ":" + port + ", ping " + pingInterval + " (timeout " + pingTimeout
                + "), read timeout " + readTimeout + "]"; // never the secret
    }
}
