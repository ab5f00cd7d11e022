package pe.centralunica.console.desk;

import pe.centralunica.console.http.HttpApi;
import pe.centralunica.router.LiveRouter;

import javax.sql.DataSource;

/**
 * What a console test talks to: the HTTP API served on a loopback port over a migrated database — the console
 * alone ({@link ConsoleOnly}) or, in app's tests, a whole node.
 */
public interface ConsoleHost extends AutoCloseable {

    int httpPort();

    /** The HTTP surface (tests walk its endpoints). */
    HttpApi api();

    /** The live routing engine the console's dry-run and admin changes act on. */
    LiveRouter router();

    DataSource dataSource();

    @Override
    void close();
}
