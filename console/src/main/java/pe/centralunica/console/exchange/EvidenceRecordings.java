package pe.centralunica.console.exchange;

import pe.centralunica.exchange.evidence.EvidencePackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Puts calls' recordings into an evidence package as {@code recordings/<uniqueid>.wav} — only those that still match
 * the SHA-256 taken when they were linked: a package must not vouch for a file changed on disk since.
 */
final class EvidenceRecordings {

    /** A linked, not purged recording. */
    record Recorded(String uniqueid, String path, String sha256) {
    }

    private EvidenceRecordings() {
    }

    /** Adds what may be added; returns one line per recording left out, saying why (for the package's README). */
    static String addTo(EvidencePackage pkg, List<Recorded> recorded) {
        StringBuilder missing = new StringBuilder();
        for (Recorded r : recorded) {
            try {
                byte[] audio = Files.readAllBytes(Path.of(r.path()));
                if (!sha256(audio).equals(r.sha256())) {
                    missing.append("recording of call ").append(r.uniqueid()).append(" no longer matches the checksum taken when")
                            .append(" it was linked; left out\n");
                    continue;
                }
                pkg.add("recordings/" + r.uniqueid() + ".wav", audio);
            } catch (IOException e) {
                missing.append("recording of call ").append(r.uniqueid()).append(" unreadable: ").append(e.getMessage()).append('\n');
            }
        }
        return missing.toString();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
