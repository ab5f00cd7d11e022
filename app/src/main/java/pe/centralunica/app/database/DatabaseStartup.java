package pe.centralunica.app.database;

import pe.centralunica.console.config.ConfigurationException;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.JdbcUrls;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens the database for the node, turning the usual failures (wrong URL, server down, bad credentials)
 * into one line that names the variable to fix instead of a wall of pool stack traces.
 */
public final class DatabaseStartup {

    private DatabaseStartup() {
    }

    public static Database open(DatabaseSettings settings) {
        preflight(settings);
        return Database.open(settings);
    }

    /** One plain connection attempt with the configured timeout, before the pool starts. */
    static void preflight(DatabaseSettings settings) {
        Properties props = new Properties();
        if (settings.user() != null) {
            props.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            props.setProperty("password", settings.password());
        }
        props.setProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectionTimeout().toSeconds())));
        props.setProperty("loginTimeout", String.valueOf(Math.max(1, settings.connectionTimeout().toSeconds())));
        try (Connection ignored = DriverManager.getConnection(settings.jdbcUrl(), props)) {
            // reachable
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String why = switch (state) {
                case "28P01", "28000" -> "the server refused the credentials; check CU_DB_USER and CU_DB_PASSWORD";
                case "3D000" -> "the database does not exist; create it or fix the name in the URL";
                case "08001", "08004", "08006" -> "cannot reach the server; check that PostgreSQL runs and the host/port in the URL";
                default -> "cannot connect";
            };
            throw new ConfigurationException("CU_DB_URL", why + " (" + JdbcUrls.redact(settings.jdbcUrl()) + ": " + firstLine(e.getMessage()) + ")");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
