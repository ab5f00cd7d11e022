package pe.centralunica.sipconfig.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;

/** {@code asterisk-config --out DIR} end to end: database → validated files in the directory. */
class AsteriskConfigCommandTest {

    private static Database db;

    @TempDir
    Path out;

    @BeforeAll
    static void database() {
        db = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void writesTheFourFilesAndASecondRunChangesNothing() throws IOException {
        Path secrets = Files.writeString(out.resolve("secrets.properties"), "cu-monitor=monitor-secret-1\n");
        var command = new AsteriskConfigCommand(GeneratorSettings.defaults(),
                Secrets.from(Map.of("CU_SIP_SECRETS_FILE", secrets.toString(), "CU_SIP_SECRET_AMI_CENTRAL_UNICA", "ami-secret-1")));
        Path dir = out.resolve("asterisk");

        var first = command.run(db.dataSource(), dir);
        assertThat(first.write().written()).containsExactly("extensions.conf", "manager.conf", "pjsip.conf", "queues.conf");
        assertThat(Files.readString(dir.resolve("pjsip.conf"))).isEqualTo(first.files().get("pjsip.conf"))
                .contains("password = monitor-secret-1");

        var second = command.run(db.dataSource(), dir);
        assertThat(second.write().written()).isEmpty();
        assertThat(second.write().unchanged()).hasSize(4);
    }

    @Test
    void aMissingSecretWritesNothing() {
        var command = new AsteriskConfigCommand(GeneratorSettings.defaults(), Secrets.from(Map.of()));
        Path dir = out.resolve("asterisk");
        assertThatThrownBy(() -> command.run(db.dataSource(), dir)).isInstanceOf(Secrets.MissingSecretException.class);
        assertThat(dir).doesNotExist();
    }
}
