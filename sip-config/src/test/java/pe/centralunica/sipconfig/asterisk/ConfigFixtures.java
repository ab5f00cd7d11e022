package pe.centralunica.sipconfig.asterisk;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

/** Shared test data: the secrets the reference configuration needs, and SQL helpers. */
final class ConfigFixtures {
    private ConfigFixtures() {
    }

    /** Secrets for the reference data: the monitoring endpoint and the AMI user. */
    static final Map<String, String> REFERENCE_SECRETS = Map.of("cu-monitor", "monitor-secret-1", "ami-central-unica", "ami-secret-1");

    static Secrets referenceSecrets() {
        return Secrets.of(REFERENCE_SECRETS);
    }

    static AsteriskConfigGenerator generator(Secrets secrets) {
        return new AsteriskConfigGenerator(ContractDialplan.fromClasspath(), GeneratorSettings.defaults(), secrets);
    }

    static void execute(DataSource ds, String... statements) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
