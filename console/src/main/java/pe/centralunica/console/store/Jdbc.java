package pe.centralunica.console.store;

import pe.centralunica.db.DataAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One transaction per console operation: the change and its audit_log row commit together or not at all.
 * Callers run on virtual threads ({@link pe.centralunica.console.http.BlockingCalls}), never on an event loop.
 */
public final class Jdbc {

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    public <T> T tx(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(new Tx(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException(operation, e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }
}
