package pe.centralunica.ivr;

import pe.centralunica.db.testing.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/** Serves the first connection (the directory load at start) at once, then every later one after 3 s. */
final class SlowLookupDataSource extends DelegatingDataSource {

    private final AtomicInteger handedOut = new AtomicInteger();

    SlowLookupDataSource(DataSource real) {
        super(real);
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (handedOut.getAndIncrement() > 0) {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return real.getConnection();
    }
}
