package pe.centralunica.ivr;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How long each prompt plays, learned from the calls themselves (the longest complete playback Asterisk
 * reported per language and prompt). The AGI deadline a session re-arms before a prompt must cover the whole prompt —
 * too short and Asterisk would take a live caller to the fallback untriaged — so a prompt never heard in full
 * yet is given {@code unknown}, a bound longer than any prompt we record.
 */
final class PromptTimes {

    private final Duration unknown;
    private final ConcurrentMap<String, Long> longestMillis = new ConcurrentHashMap<>();

    PromptTimes(Duration unknown) {
        this.unknown = unknown;
    }

    Duration expected(String language, String prompt) {
        Long ms = longestMillis.get(key(language, prompt));
        return ms == null ? unknown : Duration.ofMillis(ms);
    }

    /** A complete playback (no key cut it short) took {@code millis}. */
    void heard(String language, String prompt, long millis) {
        if (millis > 0) {
            longestMillis.merge(key(language, prompt), Math.min(millis, unknown.toMillis()), Math::max);
        }
    }

    private static String key(String language, String prompt) {
        return language + "/" + prompt;
    }
}
