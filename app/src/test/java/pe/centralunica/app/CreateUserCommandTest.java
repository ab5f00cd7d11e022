package pe.centralunica.app;

import org.junit.jupiter.api.Test;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.Environment;
import pe.centralunica.app.database.DatabaseStartup;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/** `create-user`: the only way to a first administrator under `serve` (no default passwords). */
class CreateUserCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(AppSettings settings, String stdin, String... args) {
        return new CreateUserCommand(new PrintStream(out), new PrintStream(err), new BufferedReader(new StringReader(stdin)))
                .run(settings, args);
    }

    private static AppSettings settings(DatabaseSettings db) {
        return AppSettings.from(new Environment(TestEnvironment.database(db)), true);
    }

    @Test
    void createsAnAdministratorWithTheStdinPasswordHashedAndRefusesWeakOnes() throws Exception {
        DatabaseSettings db = TestDatabases.freshSettings();
        AppSettings settings = settings(db);
        assertThat(run(settings, "short\n", "create-user", "jefa", "ADMIN")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("at least 10 characters");
        assertThat(run(settings, "a-long-enough-secret\n", "create-user", "jefa", "KING")).isEqualTo(Main.EXIT_USAGE);
        assertThat(run(settings, "a-long-enough-secret\n", "create-user", "jefa", "ADMIN", "--name", "Jefa de turno")).isZero();
        try (Database database = DatabaseStartup.open(db); var c = database.dataSource().getConnection();
             var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT role, display_name, password_hash FROM app_user WHERE username = 'jefa'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ADMIN");
            assertThat(rs.getString(2)).isEqualTo("Jefa de turno");
            assertThat(rs.getString(3)).startsWith("pbkdf2-sha256$600000$").doesNotContain("a-long-enough-secret");
        }
    }

    @Test
    void aDispatcherCreatedWithLanguagesSpeaksThemAndAnUnknownLanguageIsRefused() throws Exception {
        DatabaseSettings db = TestDatabases.freshSettings();
        AppSettings settings = settings(db);
        assertThat(run(settings, "a-long-enough-secret\n", "create-user", "rosa", "DISPATCHER", "--languages", "qu,klingon"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("unknown language 'klingon'");
        assertThat(run(settings, "a-long-enough-secret\n", "create-user", "rosa", "DISPATCHER", "--languages", "QU,es")).isZero();
        assertThat(run(settings, "a-long-enough-secret\n", "create-user", "juan", "DISPATCHER")).isZero();
        try (Database database = DatabaseStartup.open(db); var c = database.dataSource().getConnection();
             var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT username, array_to_string(languages, ',') FROM app_user ORDER BY username")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + " " + rs.getString(2)).isEqualTo("juan es");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + " " + rs.getString(2)).isEqualTo("rosa es,qu");
        }
    }
}
