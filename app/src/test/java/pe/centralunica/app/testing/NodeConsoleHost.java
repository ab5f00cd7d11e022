package pe.centralunica.app.testing;

import pe.centralunica.app.Node;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.Environment;
import pe.centralunica.console.desk.ConsoleHost;
import pe.centralunica.console.desk.FakeAsterisk;
import pe.centralunica.console.http.HttpApi;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.router.LiveRouter;

import javax.sql.DataSource;
import java.util.Map;
import java.util.function.Function;

/**
 * A whole node as the host of a console test, for what only a node starts: the AMI call tracker, the IVR,
 * recording retention, webhook delivery, CU_* settings read from the environment.
 */
public record NodeConsoleHost(Node node) implements ConsoleHost {

    /**
     * A node on a fresh database with {@code extraEnv}; with {@code realTracker} its own AMI call tracker (CU_AMI_*
     * in {@code extraEnv}) feeds the console, otherwise the test's {@link FakeAsterisk}.
     */
    public static Function<FakeAsterisk, ConsoleHost> with(Map<String, String> extraEnv, boolean realTracker) {
        return asterisk -> {
            DatabaseSettings db = TestDatabases.freshSettings();
            Map<String, String> env = TestEnvironment.node(db);
            env.putAll(extraEnv);
            AppSettings settings = AppSettings.from(new Environment(env), true);
            return new NodeConsoleHost(realTracker ? Node.start(settings, false) : Node.start(settings, false, asterisk, asterisk));
        };
    }

    @Override
    public int httpPort() {
        return node.httpPort();
    }

    @Override
    public HttpApi api() {
        return node.api();
    }

    @Override
    public LiveRouter router() {
        return node.router();
    }

    @Override
    public DataSource dataSource() {
        return node.database().dataSource();
    }

    @Override
    public void close() {
        node.close();
    }
}
