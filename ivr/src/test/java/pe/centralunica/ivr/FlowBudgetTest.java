package pe.centralunica.ivr;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The time-to-human budgets as arithmetic over the RENDERED prompts (ivr/prompts/render.sh, durations read from
 * each WAV header) and the flow's timeouts: lengthen a prompt or a timeout past a budget and this fails, before
 * any caller waits. The real-Asterisk suite (app, RealAsteriskTriageTest) measures the same paths end to end.
 * Budgets, from answer to joining a queue: 8 s for a legacy number whose type is known, 15 s for a caller who
 * presses nothing, 20 s on any path (NENA: 90% of calls answered within 15 s, 95% within 20 s).
 */
class FlowBudgetTest {

    /** AGI round trips, the journal's group commit, the caller lookup: measured ≈ 0.05 s on the real Asterisk. */
    private static final double OVERHEAD_S = 0.3;
    /** Where render.sh puts a flagged caller's hold music (musiconhold.conf class cu-flagged-<lang>). */
    private static final String FLAGGED_MOH = "cu-flagged-moh";

    private static FlowDefinition flow;
    private static Path sounds;

    @BeforeAll
    static void render() throws Exception {
        assumeTrue(onPath("espeak-ng") && onPath("sox"), "espeak-ng and sox render the prompts (apt-get install espeak-ng sox)");
        flow = FlowDefinition.fromClasspath();
        sounds = Path.of("target", "flow-budget-sounds").toAbsolutePath();
        Path script = Path.of("prompts", "render.sh").toAbsolutePath();
        Process p = new ProcessBuilder("bash", script.toString(), sounds.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    /**
     * A longer prompt would be cut by the AGI deadline a fresh node arms (IvrServer.LONGEST_PROMPT). The flagged
     * caller's hold music (cu-flagged-moh/, the queue plays it, not the IVR) is no prompt.
     */
    @Test
    void everyPromptIsShorterThanTheLengthAFreshNodeAssumes() throws IOException {
        double limit = IvrServer.LONGEST_PROMPT.toMillis() / 1000.0;
        try (var files = Files.walk(sounds)) {
            for (Path wav : files.filter(f -> f.toString().endsWith(".wav") && !f.startsWith(sounds.resolve(FLAGGED_MOH))).toList()) {
                assertThat(Wav.read(wav).seconds()).as(wav.toString()).isLessThan(limit - 1.0);
            }
        }
    }

    @Test
    void aCallerWhoPressesNothingIsQueuedWithinFifteenSeconds() throws IOException {
        String es = flow.defaultLanguage();
        double total = welcome() + seconds(es, "type-menu") + millis(es, "type-menu.timeout-ms") + OVERHEAD_S;
        System.out.printf("flow budget: 911, presses nothing: %.2f s of 15%n", total);
        assertThat(total).isLessThanOrEqualTo(15.0);
    }

    @Test
    void aLegacyNumberWhoseTypeIsKnownIsQueuedWithinEightSecondsPressingNothing() throws IOException {
        String es = flow.defaultLanguage();
        double total = welcome() + seconds(es, "district-menu") + millis(es, "district-menu.timeout-ms") + OVERHEAD_S;
        System.out.printf("flow budget: legacy number, presses nothing: %.2f s of 8%n", total);
        assertThat(total).isLessThanOrEqualTo(8.0);
    }

    @Test
    void noPathTakesLongerThanTwentySecondsInAnyLanguage() throws IOException {
        for (String lang : flow.languages()) {
            // The longest step that may start just before the deadline: the type menu then its silence (or the silent
            // key's confirmation), an invalid key's message (the menu's replay is checked against the deadline
            // again), or the district question.
            double menu = seconds(lang, "type-menu") + Math.max(millis(lang, "type-menu.timeout-ms"), millis(lang, "silent-confirm.timeout-ms"));
            double longestStep = Math.max(menu, Math.max(seconds(lang, "invalid"),
                    seconds(lang, "district-menu") + millis(lang, "district-menu.timeout-ms")));
            // The first menu is always asked, after the welcome (a flagged caller too: the warning is the queue's);
            // later questions only start before the deadline.
            double firstMenu = welcome() + menu + OVERHEAD_S;
            double lastQuestion = millis(lang, "question-deadline-ms") + longestStep + OVERHEAD_S;
            System.out.printf("flow budget: %s, silent caller (flagged or not) %.2f s, last question ends by %.2f s, of 20%n",
                    lang, firstMenu, lastQuestion);
            assertThat(firstMenu).as("welcome, menu in %s", lang).isLessThanOrEqualTo(20.0);
            assertThat(lastQuestion).as("deadline plus the longest question in %s", lang).isLessThanOrEqualTo(20.0);
        }
    }

    @Test
    void everyPromptIsRenderedInEveryLanguageAsEightKilohertzMono() throws IOException {
        for (String lang : flow.languages()) {
            for (String prompt : flow.allPrompts()) {
                Path wav = sounds.resolve(lang).resolve(prompt + ".wav");
                assertThat(wav).exists();
                Wav w = Wav.read(wav);
                assertThat(w.sampleRate()).as(wav.toString()).isEqualTo(8000);
                assertThat(w.channels()).isEqualTo(1);
                assertThat(w.seconds()).as(wav.toString()).isGreaterThan(0.3);
            }
        }
    }

    /**
     * A flagged caller's warning is rendered for every language as sounds/<lang>_flagged/cu-connecting: the queue's
     * announcement to a flagged caller who waits behind another (from 1 s after joining; never to the caller being
     * rung — that caller hears it as hold music, sounds/cu-flagged-moh/<lang>/). At most 1.5 s longer than the plain
     * "connecting": app_queue plays the announcement whole before it rings a waiting caller.
     */
    /** The hold music loops: the warning, then at least 15 s of silence, so it never repeats back-to-back. */
    @Test
    void theFlaggedCallersHoldMusicIsTheWarningThenSilenceInEveryLanguage() throws IOException {
        for (String lang : flow.languages()) {
            Path dir = sounds.resolve(FLAGGED_MOH).resolve(lang);
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).as(dir.toString()).containsExactly("cu-flagged-warning.wav");
            }
            double hold = Wav.read(dir.resolve("cu-flagged-warning.wav")).seconds();
            double warning = Wav.read(sounds.resolve(lang + "_flagged").resolve("cu-connecting.wav")).seconds();
            System.out.printf("flow budget: %s flagged caller's hold music %.2f s (warning %.2f s)%n", lang, hold, warning);
            assertThat(hold - warning).as(lang + ": silence after the warning").isGreaterThanOrEqualTo(15.0);
        }
    }

    @Test
    void theFlaggedCallersWarningIsRenderedAsTheQueueAnnouncementInEveryLanguage() throws IOException {
        for (String lang : flow.languages()) {
            Path wav = sounds.resolve(lang + "_flagged").resolve("cu-connecting.wav");
            assertThat(wav).exists();
            double s = Wav.read(wav).seconds();
            double plain = Wav.read(sounds.resolve(lang).resolve("cu-connecting.wav")).seconds();
            System.out.printf("flow budget: %s flagged caller's queue announcement %.2f s (plain: %.2f s)%n", lang, s, plain);
            assertThat(s).as(wav.toString()).isLessThanOrEqualTo(plain + 1.5);
        }
    }

    private static double welcome() throws IOException {
        // Only the default language's welcome is ever played: it offers the other languages.
        return seconds(flow.defaultLanguage(), "welcome");
    }

    private static double seconds(String lang, String promptKey) throws IOException {
        return Wav.read(sounds.resolve(lang).resolve(flow.prompt(lang, promptKey) + ".wav")).seconds();
    }

    private static double millis(String lang, String key) {
        return flow.number(lang, key) / 1000.0;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** What a RIFF/WAVE header says: format and the data chunk's length. */
    record Wav(int channels, int sampleRate, int byteRate, long dataBytes) {

        double seconds() {
            return (double) dataBytes / byteRate;
        }

        static Wav read(Path file) throws IOException {
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readAllBytes();
            }
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.length < 12 || !"RIFF".equals(tag(bytes, 0)) || !"WAVE".equals(tag(bytes, 8))) {
                throw new IOException(file + " is not a RIFF/WAVE file");
            }
            int channels = -1;
            int rate = -1;
            int byteRate = -1;
            int pos = 12;
            while (pos + 8 <= bytes.length) {
                String id = tag(bytes, pos);
                long size = Integer.toUnsignedLong(b.getInt(pos + 4));
                if ("fmt ".equals(id)) {
                    channels = b.getShort(pos + 10);
                    rate = b.getInt(pos + 12);
                    byteRate = b.getInt(pos + 16);
                } else if ("data".equals(id)) {
                    if (byteRate <= 0) {
                        throw new IOException(file + ": data before fmt");
                    }
                    return new Wav(channels, rate, byteRate, Math.min(size, bytes.length - pos - 8L));
                }
                pos += 8 + (int) size + (int) (size & 1);
            }
            throw new IOException(file + " has no data chunk");
        }

        private static String tag(byte[] bytes, int at) {
            return new String(bytes, at, 4, StandardCharsets.US_ASCII);
        }
    }
}
