package pe.centralunica.app.testing;

import pe.centralunica.db.DatabaseSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** The CU_* variables a test node needs, as the environment would give them; callers add or override. */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    /** CU_DB_URL, CU_DB_USER and CU_DB_PASSWORD (the last two only when the database has them). */
    public static Map<String, String> database(DatabaseSettings db) {
        Map<String, String> env = new HashMap<>();
        env.put("CU_DB_URL", db.jdbcUrl());
        if (db.user() != null) {
            env.put("CU_DB_USER", db.user());
        }
        if (db.password() != null) {
            env.put("CU_DB_PASSWORD", db.password());
        }
        return env;
    }

    /** The database, plus HTTP and FastAGI on free loopback ports and a fresh data directory. */
    public static Map<String, String> node(DatabaseSettings db) {
        Map<String, String> env = database(db);
        env.put("CU_HTTP_HOST", "127.0.0.1");
        env.put("CU_HTTP_PORT", "0");
        env.put("CU_AGI_PORT", "0");
        try {
            env.put("CU_DATA_DIR", Files.createTempDirectory("cu-node").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env;
    }
}
