package pe.centralunica.db.journal;

import pe.centralunica.db.testing.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** A DataSource that behaves like an unreachable PostgreSQL while "down". */
final class SwitchableDataSource extends DelegatingDataSource {

    private volatile boolean down;

    SwitchableDataSource(DataSource real) {
        super(real);
    }

    void down() {
        down = true;
    }

    void up() {
        down = false;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (down) {
            throw new SQLException("Connection to 127.0.0.1:5432 refused (simulated outage)", "08001");
        }
        return real.getConnection();
    }
}
