package pe.centralunica.exchange.evidence;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One downloadable, tamper-evident archive (ZIP): the files given, a {@code manifest.txt} listing each file's
 * SHA-256 and size, and {@code manifest.sig}, the HMAC-SHA256 of the manifest under the centre's evidence key.
 * Changing, adding or removing a file breaks the manifest; rewriting the manifest breaks the signature, which
 * only the holder of the key can make. {@link EvidenceVerifier} checks both.
 */
public final class EvidencePackage {

    public static final String MANIFEST = "manifest.txt";
    public static final String SIGNATURE = "manifest.sig";

    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final String subject;

    /** {@code subject}: what the package is about, in words ("incident 42"), written into the manifest. */
    public EvidencePackage(String subject) {
        if (subject.contains("\n")) {
            throw new IllegalArgumentException("subject must be one line");
        }
        this.subject = subject;
    }

    public EvidencePackage add(String name, byte[] content) {
        if (!name.matches("[A-Za-z0-9_./-]{1,200}") || name.contains("..") || name.startsWith("/")
                || name.equals(MANIFEST) || name.equals(SIGNATURE) || files.containsKey(name)) {
            throw new IllegalArgumentException("bad or repeated file name in an evidence package: " + name);
        }
        files.put(name, content.clone());
        return this;
    }

    public EvidencePackage add(String name, String text) {
        return add(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The archive, signed with {@code key}, stamped {@code createdAt}. */
    public byte[] write(byte[] key, Instant createdAt) {
        StringBuilder manifest = new StringBuilder()
                .append("central-unica-evidence 1\n")
                .append("subject ").append(subject).append('\n')
                .append("created ").append(createdAt).append('\n');
        files.forEach((name, content) -> manifest.append("sha256 ").append(sha256(content)).append(' ')
                .append(content.length).append(' ').append(name).append('\n'));
        byte[] manifestBytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var f : files.entrySet()) {
                entry(zip, f.getKey(), f.getValue(), createdAt);
            }
            entry(zip, MANIFEST, manifestBytes, createdAt);
            entry(zip, SIGNATURE, ("hmac-sha256 " + hmac(key, manifestBytes) + "\n").getBytes(StandardCharsets.UTF_8), createdAt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content, Instant at) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(at.toEpochMilli());
        zip.putNextEntry(e);
        zip.write(content);
        zip.closeEntry();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
