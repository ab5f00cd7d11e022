package pe.centralunica.exchange.evidence;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class EvidencePackageTest {

    private static final byte[] KEY = "evidence-key-of-the-centre-000001".getBytes(StandardCharsets.UTF_8);

    private static byte[] sample() {
        return new EvidencePackage("incident 42").add("eido.json", "{\"a\":1}").add("timeline.json", "[1,2,3]")
                .add("recordings/call-1.wav", new byte[]{1, 2, 3, 4}).write(KEY, Instant.parse("2026-12-07T15:00:00Z"));
    }

    /** Rewrites the archive, letting {@code edit} change an entry's bytes (null drops it). */
    private interface Edit {
        byte[] apply(String name, byte[] content);
    }

    private static byte[] rewrite(byte[] archive, Edit edit, String extraName) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive)); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = edit.apply(e.getName(), in.readAllBytes());
                if (content != null) {
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    zip.write(content);
                    zip.closeEntry();
                }
            }
            if (extraName != null) {
                zip.putNextEntry(new ZipEntry(extraName));
                zip.write("x".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void anUntouchedPackageVerifiesAgainstItsManifest() {
        EvidenceVerifier.Verdict v = EvidenceVerifier.verify(sample(), KEY);
        assertThat(v).isInstanceOf(EvidenceVerifier.Verdict.Intact.class);
        assertThat(((EvidenceVerifier.Verdict.Intact) v).files()).containsExactly("eido.json", "timeline.json", "recordings/call-1.wav");
    }

    @Test
    void aChangedFileIsNamed() throws IOException {
        byte[] tampered = rewrite(sample(), (n, c) -> n.equals("timeline.json") ? "[1,2,4]".getBytes(StandardCharsets.UTF_8) : c, null);
        assertThat(EvidenceVerifier.verify(tampered, KEY)).isEqualTo(new EvidenceVerifier.Verdict.Tampered(
                java.util.List.of("timeline.json: its SHA-256 is not the one in the manifest (changed)")));
    }

    @Test
    void aRemovedOrAddedFileIsCaught() throws IOException {
        byte[] removed = rewrite(sample(), (n, c) -> n.startsWith("recordings/") ? null : c, null);
        assertThat(EvidenceVerifier.verify(removed, KEY)).isInstanceOf(EvidenceVerifier.Verdict.Tampered.class);
        byte[] added = rewrite(sample(), (n, c) -> c, "recordings/planted.wav");
        assertThat(EvidenceVerifier.verify(added, KEY).toString()).contains("planted.wav");
    }

    @Test
    void aRewrittenManifestFailsItsSignature() throws IOException {
        // A forger changes a file AND re-hashes it into the manifest: only the key could re-sign it.
        byte[] forged = rewrite(sample(), (n, c) -> {
            if (n.equals("eido.json")) {
                return "{\"a\":2}".getBytes(StandardCharsets.UTF_8);
            }
            if (n.equals(EvidencePackage.MANIFEST)) {
                return new String(c, StandardCharsets.UTF_8).replace(EvidencePackage.sha256("{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                        EvidencePackage.sha256("{\"a\":2}".getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
            }
            return c;
        }, null);
        assertThat(EvidenceVerifier.verify(forged, KEY).toString()).contains("signature does not match").doesNotContain("eido.json");
        assertThat(EvidenceVerifier.verify(sample(), "another-key-entirely-0000000000000".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EvidenceVerifier.Verdict.Tampered.class);
    }

    @Test
    void garbageIsNotAPackage() {
        assertThat(EvidenceVerifier.verify("not a zip".getBytes(StandardCharsets.UTF_8), KEY))
                .isInstanceOf(EvidenceVerifier.Verdict.Tampered.class);
    }
}
