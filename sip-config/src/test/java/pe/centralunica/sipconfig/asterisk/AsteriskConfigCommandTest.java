package pe.centralunica.sipconfig.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void applyWritesReloadsWhatChangedAndAuditsWhoDidIt() throws Exception {
        var command = new AsteriskConfigCommand(GeneratorSettings.defaults(), Fixtures.referenceSecrets());
        Path dir = out.resolve("apply");
        try (FakeAmi ami = new FakeAmi("s3cret", Map.of())) {
            var reloader = new AsteriskReloader(new AsteriskReloader.AmiTarget("127.0.0.1", ami.port(), "central-unica", "s3cret", 5000));
            var first = command.apply(db.dataSource(), dir, reloader, "admin.ana");
            assertThat(first.reload().ok()).isTrue();
            assertThat(ami.commands).containsExactly("module reload res_pjsip.so", "module reload app_queue.so", "dialplan reload",
                    "manager reload");

            var second = command.apply(db.dataSource(), dir, reloader, "admin.ana");
            assertThat(second.reload().commands()).as("nothing changed, nothing reloaded").isEmpty();
            assertThat(ami.commands).hasSize(4);
        }
        try (var c = db.dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT actor, after->>'ok', jsonb_array_length(after->'written'), jsonb_array_length(after->'reload')"
                     + " FROM audit_log WHERE action = 'APPLY' AND entity = 'asterisk_config' ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4))).containsExactly("admin.ana", "true", 4, 4);
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4))).containsExactly("admin.ana", "true", 0, 0);
            assertThat(rs.next()).isFalse();
        }
    }
}
