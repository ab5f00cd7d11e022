package pe.centralunica.exchange.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Checks an evidence package: the signature over the manifest, then every file against the manifest, and that
 * the archive holds nothing the manifest does not list. Usable from the command line:
 * {@code CU_EVIDENCE_KEY_HEX=… java -cp central-unica.jar pe.centralunica.exchange.evidence.EvidenceVerifier pkg.zip}.
 */
public final class EvidenceVerifier {

    /** The verdict on a package. */
    public sealed interface Verdict {
        record Intact(String subject, List<String> files) implements Verdict {
        }

        record Tampered(List<String> problems) implements Verdict {
        }
    }

    private EvidenceVerifier() {
    }

    public static Verdict verify(byte[] archive, byte[] key) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (entries.put(e.getName(), zip.readAllBytes()) != null) {
                    problems.add(e.getName() + ": appears twice in the archive");
                }
            }
        } catch (IOException e) {
            return new Verdict.Tampered(List.of("not a readable archive: " + e.getMessage()));
        }
        byte[] manifest = entries.remove(EvidencePackage.MANIFEST);
        byte[] signature = entries.remove(EvidencePackage.SIGNATURE);
        if (manifest == null || signature == null) {
            return new Verdict.Tampered(List.of("the manifest or its signature is missing"));
        }
        String expected = "hmac-sha256 " + EvidencePackage.hmac(key, manifest) + "\n";
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), signature)) {
            problems.add("the manifest's signature does not match: the manifest was changed, or this is not our key");
        }
        String subject = null;
        List<String> listed = new ArrayList<>();
        for (String line : new String(manifest, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("subject ")) {
                subject = line.substring(8);
            } else if (line.startsWith("sha256 ")) {
                String[] parts = line.split(" ", 4);
                String name = parts[3];
                listed.add(name);
                byte[] content = entries.get(name);
                if (content == null) {
                    problems.add(name + ": listed in the manifest, missing from the archive");
                } else if (!EvidencePackage.sha256(content).equals(parts[1]) || content.length != Long.parseLong(parts[2])) {
                    problems.add(name + ": its SHA-256 is not the one in the manifest (changed)");
                }
            }
        }
        for (String name : entries.keySet()) {
            if (!listed.contains(name)) {
                problems.add(name + ": in the archive but not in the manifest (added)");
            }
        }
        return problems.isEmpty() ? new Verdict.Intact(subject, listed) : new Verdict.Tampered(problems);
    }

    public static void main(String[] args) throws IOException {
        String keyHex = System.getenv("CU_EVIDENCE_KEY_HEX");
        if (args.length != 1 || keyHex == null) {
            System.err.println("usage: CU_EVIDENCE_KEY_HEX=<the centre's evidence key> EvidenceVerifier <package.zip>");
            System.exit(2);
        }
        Verdict v = verify(Files.readAllBytes(Path.of(args[0])), HexFormat.of().parseHex(keyHex.trim()));
        switch (v) {
            case Verdict.Intact i -> System.out.println("INTACT: " + i.subject() + " — " + i.files().size() + " files match the signed manifest");
            case Verdict.Tampered t -> {
                System.out.println("TAMPERED:");
                t.problems().forEach(p -> System.out.println("  " + p));
                System.exit(1);
            }
        }
    }
}
