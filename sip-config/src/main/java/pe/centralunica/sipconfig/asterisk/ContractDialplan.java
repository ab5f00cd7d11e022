package pe.centralunica.sipconfig.asterisk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hand-written dialplan contract ({@code asterisk/extensions.conf}: the file the simulator runs by default)
 * cut into its blocks: the header comment, then each context with the comment lines right above its header.
 * The generator copies the contract contexts from here verbatim, so the contract has one source and the
 * generated dialplan cannot drift from what the ivr scripts, the simulator and the end-to-end tests follow.
 */
public final class ContractDialplan {

    public static final String RESOURCE = "asterisk/extensions.conf";
    /** Contexts whose text is the contract: copied byte for byte. */
    public static final List<String> CONTRACT_CONTEXTS = List.of("cu-triage", "cu-panic", "cu-route", "cu-fallback", "cu-transfer", "cu-callback");

    private final String preamble;
    private final Map<String, Block> blocks;

    /** A context: {@code comment} is the lines above the header (may be empty), {@code body} header and lines. */
    public record Block(String name, String comment, String body) {
        public String text() {
            return comment + body;
        }
    }

    private ContractDialplan(String preamble, Map<String, Block> blocks) {
        this.preamble = preamble;
        this.blocks = blocks;
    }

    public static ContractDialplan fromClasspath() {
        try (InputStream in = ContractDialplan.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is not on the classpath (sip-config)");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public static ContractDialplan parse(String text) {
        List<String> lines = List.of(text.replace("\r\n", "\n").split("\n", -1));
        List<Integer> headers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("[")) headers.add(i);
        }
        List<Integer> starts = new ArrayList<>();
        for (int h : headers) {
            int s = h;
            while (s > 0 && lines.get(s - 1).startsWith(";")) s--;
            starts.add(s);
        }
        String preamble = headers.isEmpty() ? text : join(lines, 0, starts.getFirst());
        Map<String, Block> blocks = new LinkedHashMap<>();
        for (int k = 0; k < headers.size(); k++) {
            int h = headers.get(k);
            int end = k + 1 < headers.size() ? starts.get(k + 1) : lines.size();
            String header = lines.get(h);
            String name = header.substring(1, header.indexOf(']')).strip();
            blocks.put(name, new Block(name, join(lines, starts.get(k), h), join(lines, h, end).stripTrailing() + "\n"));
        }
        return new ContractDialplan(preamble.stripTrailing() + "\n", blocks);
    }

    private static String join(List<String> lines, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) sb.append(lines.get(i)).append('\n');
        return sb.toString();
    }

    /** The comment lines at the top of the file (the variables table). */
    public String preamble() {
        return preamble;
    }

    public Optional<Block> block(String context) {
        return Optional.ofNullable(blocks.get(context));
    }

    public Block require(String context) {
        return block(context).orElseThrow(() -> new IllegalStateException(RESOURCE + " has no [" + context + "]"));
    }

    public List<String> contexts() {
        return List.copyOf(blocks.keySet());
    }
}
