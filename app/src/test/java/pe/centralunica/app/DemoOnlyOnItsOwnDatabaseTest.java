package pe.centralunica.app;

import org.junit.jupiter.api.Test;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `demo` never puts its published passwords or simulated calls into a real (CU_DB_URL) database. */
class DemoOnlyOnItsOwnDatabaseTest {

    @Test
    void demoPointedAtARealDatabaseRefusesAndWritesNothingIntoIt() throws Exception {
        DatabaseSettings db = TestDatabases.freshSettings();
        try (Database real = Database.open(db)) {
            real.migrate();
        }
        long usersBefore = count(db, "SELECT count(*) FROM app_user");
        Map<String, String> env = TestEnvironment.node(db);
        env.put("CU_DEMO_AMI_PORT", "0");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int code = new Main(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[]{"demo"});

        assertThat(code).isEqualTo(Main.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("CU_DB_URL").contains("embedded database").doesNotContain("\n ");
        assertThat(count(db, "SELECT count(*) FROM app_user")).isEqualTo(usersBefore);
        assertThat(count(db, "SELECT count(*) FROM app_user WHERE username IN ('admin', 'supervisor', 'despacho.metro')")).isZero();
        assertThat(count(db, "SELECT count(*) FROM call")).isZero();
        assertThat(count(db, "SELECT count(*) FROM audit_log")).isZero();
    }

    private static long count(DatabaseSettings db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
