package pe.centralunica.sipconfig.topology;

import java.util.List;
import java.util.Optional;

/**
 * The naming of a queue's language variants, {@code <queue>-<lang>}: what the generator writes, what [cu-route]
 * builds from CU_TARGET and CU_LANG, and what the console maps back to the queue's central.
 */
public final class LanguageQueues {

    /** Languages that get variants: every IVR language but Spanish, which every dispatcher speaks. */
    public static final List<String> VARIANT_LANGUAGES = List.of("qu", "ay", "en");

    private LanguageQueues() {
    }

    public static String variant(String queue, String language) {
        return queue + "-" + language;
    }

    /** The queue a variant belongs to ({@code desk-cgbvp-qu} → {@code desk-cgbvp}); empty for any other name. */
    public static Optional<String> baseOf(String queueName) {
        for (String language : VARIANT_LANGUAGES) {
            String suffix = "-" + language;
            if (queueName.endsWith(suffix) && queueName.length() > suffix.length()) {
                return Optional.of(queueName.substring(0, queueName.length() - suffix.length()));
            }
        }
        return Optional.empty();
    }
}
