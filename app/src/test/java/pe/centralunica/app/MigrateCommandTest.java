package pe.centralunica.app;

import org.junit.jupiter.api.Test;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MigrateCommandTest {

    @Test
    void migrateOnAnEmptyDatabaseCreatesTheSchemaAndIsIdempotent() throws Exception {
        DatabaseSettings db = TestDatabases.freshSettings();
        Map<String, String> env = TestEnvironment.database(db);
        var out = new ByteArrayOutputStream();
        Main main = new Main(env, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(main.run(new String[]{"migrate"})).isZero();
        assertThat(main.run(new String[]{"migrate"})).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 migration(s) applied");
        try (var c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             var rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' "
                             + "AND table_name IN ('district', 'call', 'call_event', 'incident', 'routing_rule', 'audit_log')")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(6);
        }
    }
}
