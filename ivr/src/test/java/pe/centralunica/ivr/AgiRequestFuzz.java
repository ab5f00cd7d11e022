package pe.centralunica.ivr;

import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiReader;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.util.SocketConnectionFacade;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.testing.SeededRuns;

import java.lang.reflect.Constructor;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz of the FastAGI request reader (run on demand, not in the build; README "Fuzz"): each input is a seed
 * from which the lines a FastAGI client sends are built — a valid Asterisk 20 environment mutated: dropped,
 * duplicated and reordered lines, random keys and values, control characters, unicode, missing colons, huge
 * lines, arguments beyond the usual, a stream cut before the blank line. Read with asterisk-java's own reader
 * (the one our server uses), then through what our scripts do with the request (arguments, dialled number,
 * caller-controlled text). Invariants: the reader returns a request or an {@link AgiException}, nothing else;
 * our helpers never throw; text made safe holds no control character and at most 81 characters.
 * One run is 1,000,000 inputs from a fixed master seed ({@link SeededRuns}: {@code -Dfuzz.tries}, {@code -Dfuzz.seed},
 * and {@code -Dfuzz.replay} for the seed a failure names).
 */
class AgiRequestFuzz {

    private long inputs;
    private long parsed;

    private static final List<String> VALID = List.of(
            "agi_network: yes", "agi_network_script: triage", "agi_request: agi://127.0.0.1:4573/triage",
            "agi_channel: PJSIP/carrier-00000001", "agi_language: es", "agi_type: PJSIP", "agi_uniqueid: 1796000000.17",
            "agi_version: 20.20.1", "agi_callerid: 987654321", "agi_calleridname: unknown", "agi_callingpres: 0",
            "agi_callingani2: 0", "agi_callington: 0", "agi_callingtns: 0", "agi_dnid: 911", "agi_rdnis: unknown",
            "agi_context: cu-triage", "agi_extension: 911", "agi_priority: 3", "agi_enhanced: 0.0",
            "agi_accountcode: ", "agi_threadid: 140000000000000", "agi_arg_1: 911", "agi_arg_2: 150122");
    private static final String[] NASTY = {"", ":", "::", " : ", "\u0000", "\u001b[2J", "\r", "ñandú", "🚨", "%00",
            "agi_arg_", "agi_arg_0: x", "agi_arg_-1: x", "agi_arg_99999999999: x", "agi_priority: NaN",
            "agi_enhanced: yes", "agi_callingpres: -1", "agi_request: agi://[::1", "agi_request: agi://h/s?a=%ZZ&b",
            "agi_network_script: ../../etc/passwd", "agi_uniqueid: ", "agi_version: 99.x"};

    private static final Constructor<?> READER;

    static {
        try {
            READER = Class.forName("org.asteriskjava.fastagi.internal.FastAgiReader")
                    .getDeclaredConstructor(SocketConnectionFacade.class);
            READER.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void anyRequestIsReadOrRefusedAndOurScriptsHandleWhatIsRead() {
        try {
            SeededRuns.fromSystemProperties(1_000_000).run("FastAGI fuzz", this::readAndHandle);
        } finally {
            System.out.printf("FastAGI fuzz: %,d inputs, %,d read as requests, the rest refused by the reader%n", inputs, parsed);
        }
    }

    private void readAndHandle(long seed) throws Exception {
        Random r = new Random(seed);
        List<String> lines = mutate(r);
        AgiReader reader = (AgiReader) READER.newInstance(new Lines(lines));
        inputs++;
        AgiRequest request;
        try {
            request = reader.readRequest();
        } catch (AgiException refused) {
            return;
        }
        parsed++;
        String dialled = IvrScript.argument(request, 0);
        String trunkDistrict = IvrScript.argument(request, 1);
        assertThat(dialled).isNotNull();
        assertThat(trunkDistrict).isNotNull();
        IvrScript.number(dialled).ifPresent(n -> assertThat(n).matches("[0-9*#+]{1,32}"));
        for (String text : new String[] {request.getCallerIdNumber(), request.getChannel(), request.getUniqueId(),
                request.getScript(), request.getCallerIdName()}) {
            String safe = IvrScript.safe(text);
            assertThat(safe).doesNotContainPattern("\\p{Cntrl}");
            assertThat(safe.length()).isLessThanOrEqualTo(81);
        }
    }

    private static List<String> mutate(Random r) {
        List<String> lines = new ArrayList<>(VALID);
        int edits = r.nextInt(6);
        for (int i = 0; i < edits; i++) {
            int at = r.nextInt(lines.size() + 1);
            switch (r.nextInt(8)) {
                case 0 -> {
                    if (!lines.isEmpty() && at < lines.size()) {
                        lines.remove(at);
                    }
                }
                case 1 -> lines.add(at, lines.get(r.nextInt(lines.size())));
                case 2 -> lines.add(at, NASTY[r.nextInt(NASTY.length)]);
                case 3 -> lines.add(at, "agi_" + randomText(r, 12) + ": " + randomText(r, 40));
                case 4 -> lines.add(at, "agi_arg_" + (1 + r.nextInt(40)) + ": " + randomText(r, 60));
                case 5 -> {
                    if (at < lines.size()) {
                        String l = lines.get(at);
                        int cut = r.nextInt(l.length() + 1);
                        lines.set(at, l.substring(0, cut) + randomText(r, 8) + l.substring(cut));
                    }
                }
                case 6 -> lines.add(at, "agi_callerid: " + "9".repeat(r.nextInt(5_000)));
                default -> java.util.Collections.swap(lines, r.nextInt(lines.size()), r.nextInt(lines.size()));
            }
        }
        if (r.nextInt(20) != 0) {
            lines.add(""); // the blank line that ends the environment; sometimes the stream ends first
        }
        return lines;
    }

    private static String randomText(Random r, int max) {
        int n = r.nextInt(max + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            sb.append(kind < 6 ? (char) (' ' + r.nextInt(95)) : kind < 8 ? (char) r.nextInt(32) : (char) (0x80 + r.nextInt(0x2000)));
        }
        return sb.toString();
    }

    /** The socket as the reader sees it: lines until the stream ends. */
    private static final class Lines implements SocketConnectionFacade {
        private final List<String> lines;
        private int next;

        Lines(List<String> lines) {
            this.lines = lines;
        }

        @Override
        public String readLine() {
            return next < lines.size() ? lines.get(next++) : null;
        }

        @Override
        public void write(String s) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isConnected() {
            return next < lines.size();
        }

        @Override
        public InetAddress getLocalAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public int getLocalPort() {
            return 4573;
        }

        @Override
        public InetAddress getRemoteAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public int getRemotePort() {
            return 40000;
        }
    }
}
