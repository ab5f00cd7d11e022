package pe.centralunica.sipconfig.asterisk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes configuration files into a directory so that Asterisk (or an operator) never reads a half-written file:
 * every file goes to a temporary file in the same directory first, then all are moved over the old ones with
 * an atomic rename. Files holding secrets are readable by owner and group only. Unchanged files are not
 * touched, so a reload after a no-op generation changes nothing.
 */
public final class ConfigWriter {

    private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-r-----");
    private static final Set<PosixFilePermission> PLAIN = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<String> WITH_SECRETS = Set.of(AsteriskConfigGenerator.PJSIP, AsteriskConfigGenerator.MANAGER);

    /** What a write did, for the command's output. */
    public record WriteResult(List<String> written, List<String> unchanged) {
    }

    public WriteResult write(Path dir, Map<String, String> files) {
        try {
            Files.createDirectories(dir);
            List<String> written = new ArrayList<>();
            List<String> unchanged = new ArrayList<>();
            List<Path[]> moves = new ArrayList<>();
            try {
                for (var e : files.entrySet()) {
                    String name = e.getKey();
                    if (name.contains("/") || name.startsWith(".")) throw new IllegalArgumentException("bad file name " + name);
                    Path target = dir.resolve(name);
                    byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
                    if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
                        unchanged.add(name);
                        continue;
                    }
                    Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp");
                    moves.add(new Path[] {tmp, target});
                    restrict(tmp, WITH_SECRETS.contains(name) ? SECRET : PLAIN);
                    Files.write(tmp, bytes);
                    written.add(name);
                }
                for (Path[] m : moves) move(m[0], m[1]);
                moves.clear();
            } finally {
                for (Path[] m : moves) Files.deleteIfExists(m[0]);
            }
            return new WriteResult(List.copyOf(written), List.copyOf(unchanged));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Asterisk configuration to " + dir, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void restrict(Path file, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException | FileSystemException e) {
            // Not a POSIX file system: the directory's own permissions have to protect the secrets.
        }
    }
}
