package pe.centralunica.sipconfig.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesEveryFileLeavesNoTemporaryFilesAndProtectsSecrets() throws IOException {
        var result = new ConfigWriter().write(dir.resolve("asterisk"), Map.of("pjsip.conf", "a\n", "queues.conf", "b\n"));
        Path out = dir.resolve("asterisk");
        assertThat(result.written()).containsExactlyInAnyOrder("pjsip.conf", "queues.conf");
        assertThat(Files.readString(out.resolve("pjsip.conf"))).isEqualTo("a\n");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("pjsip.conf", "queues.conf");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("pjsip.conf")))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("queues.conf")))).isEqualTo("rw-r--r--");
    }

    @Test
    void unchangedFilesAreNotRewrittenAndChangedOnesReplaced() throws IOException {
        ConfigWriter writer = new ConfigWriter();
        writer.write(dir, Map.of("extensions.conf", "one\n", "queues.conf", "q\n"));
        var inode = Files.readAttributes(dir.resolve("queues.conf"), "unix:ino").get("ino");
        var second = writer.write(dir, Map.of("extensions.conf", "two\n", "queues.conf", "q\n"));
        assertThat(second.written()).containsExactly("extensions.conf");
        assertThat(second.unchanged()).containsExactly("queues.conf");
        assertThat(Files.readString(dir.resolve("extensions.conf"))).isEqualTo("two\n");
        assertThat(Files.readAttributes(dir.resolve("queues.conf"), "unix:ino").get("ino")).isEqualTo(inode);
    }
}
