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
    void writesTheGeneratedFilesAndASecondRunChangesNothing() throws IOException {
        Path secrets = Files.writeString(out.resolve("secrets.properties"), "cu-monitor=monitor-secret-1\n");
        var command = new AsteriskConfigCommand(GeneratorSettings.defaults(),
                Secrets.from(Map.of("CU_SIP_SECRETS_FILE", secrets.toString(), "CU_SIP_SECRET_AMI_CENTRAL_UNICA", "ami-secret-1")));
        Path dir = out.resolve("asterisk");

        var first = command.run(db.dataSource(), dir);
        assertThat(first.write().written()).containsExactly("cdr_custom.conf", "extensions.conf", "manager.conf", "musiconhold.conf",
                "pjsip.conf", "queuerules.conf", "queues.conf");
        assertThat(Files.readString(dir.resolve("pjsip.conf"))).isEqualTo(first.files().get("pjsip.conf"))
                .contains("password = monitor-secret-1");

        var second = command.run(db.dataSource(), dir);
        assertThat(second.write().written()).isEmpty();
        assertThat(second.write().unchanged()).hasSize(7);
    }

    @Test
    void theAgiNodesOptionPutsEveryNodeInTheDialplanInOrder() throws IOException {
        var command = new AsteriskConfigCommand(GeneratorSettings.defaults(), ConfigFixtures.referenceSecrets());
        Path dir = out.resolve("nodes");
        var stdout = new java.io.ByteArrayOutputStream();
        var stderr = new java.io.ByteArrayOutputStream();

        int code = command.execute(List.of("--agi-nodes", "10.0.0.5:4573,10.0.0.6:4573", "--out", dir.toString()), Map.of(),
                db.dataSource(), new java.io.PrintStream(stdout), new java.io.PrintStream(stderr));

        assertThat(code).as(stderr.toString()).isZero();
        assertThat(Files.readString(dir.resolve("extensions.conf")))
                .contains("CU_AGI_1=agi://10.0.0.5:4573\nCU_AGI_2=agi://10.0.0.6:4573\n");
        int bad = command.execute(List.of("--out", dir.toString(), "--agi-nodes", "10.0.0.5:4573;x"), Map.of(),
                db.dataSource(), new java.io.PrintStream(stdout), new java.io.PrintStream(stderr));
        assertThat(bad).isEqualTo(2);
        assertThat(stderr.toString()).contains("--agi-nodes").contains("10.0.0.5:4573;x");
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
        var command = new AsteriskConfigCommand(GeneratorSettings.defaults(), ConfigFixtures.referenceSecrets());
        Path dir = out.resolve("apply");
        try (FakeAmi ami = new FakeAmi("s3cret", Map.of())) {
            var reloader = new AsteriskReloader(new AsteriskReloader.AmiTarget("127.0.0.1", ami.port(), "central-unica", "s3cret", 5000));
            var first = command.apply(db.dataSource(), dir, reloader, "admin.ana");
            assertThat(first.reload().ok()).isTrue();
            assertThat(ami.commands).containsExactly("module reload res_pjsip.so", "module reload app_queue.so", "moh reload",
                    "dialplan reload", "manager reload", "module reload cdr_custom.so");

            var second = command.apply(db.dataSource(), dir, reloader, "admin.ana");
            assertThat(second.reload().commands()).as("nothing changed, nothing reloaded").isEmpty();
            assertThat(ami.commands).hasSize(6);
        }
        try (var c = db.dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT actor, after->>'ok', jsonb_array_length(after->'written'), jsonb_array_length(after->'reload')"
                     + " FROM audit_log WHERE action = 'APPLY' AND entity = 'asterisk_config' AND actor = 'admin.ana' ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4))).containsExactly("admin.ana", "true", 7, 6);
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4))).containsExactly("admin.ana", "true", 0, 0);
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void theCommandLineWritesReloadsAndReportsWithExitCodes() throws Exception {
        var command = new AsteriskConfigCommand(GeneratorSettings.defaults(), ConfigFixtures.referenceSecrets());
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream o = new java.io.PrintStream(out, true);
        java.io.PrintStream e = new java.io.PrintStream(err, true);

        assertThat(command.execute(List.of(), Map.of(), db.dataSource(), o, e)).isEqualTo(2);
        assertThat(err.toString()).contains("--out DIR is required", "usage: central-unica asterisk-config --out DIR [--reload]");

        Path dir = this.out.resolve("cli");
        assertThat(command.execute(List.of("--out", dir.toString()), Map.of(), db.dataSource(), o, e)).isZero();
        assertThat(out.toString()).contains("wrote [cdr_custom.conf, extensions.conf, manager.conf, musiconhold.conf, pjsip.conf, queuerules.conf, queues.conf]");

        try (FakeAmi ami = new FakeAmi("s3cret", Map.of("dialplan reload", "No such command 'dialplan reload'"))) {
            Files.writeString(dir.resolve("extensions.conf"), "stale\n");
            int code = command.execute(List.of("--out", dir.toString(), "--reload"),
                    Map.of("CU_AMI_HOST", "127.0.0.1", "CU_AMI_PORT", Integer.toString(ami.port()), "CU_AMI_SECRET", "s3cret"),
                    db.dataSource(), o, e);
            assertThat(code).isEqualTo(1);
            assertThat(ami.commands).containsExactly("dialplan reload");
            assertThat(out.toString()).contains("dialplan reload: REFUSED");
        }
    }
}
