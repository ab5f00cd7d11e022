package pe.centralunica.db;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migrations on the PostgreSQL major version production uses, in a container. Skipped (reported as
 * skipped, not passed) where no Docker engine runs; the other schema tests run on TestDatabases' server.
 */
@Testcontainers(disabledWithoutDocker = true)
class SchemaOnPostgresContainerTest {

    @Container
    private static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

    @Test
    void migrationsApplyOnAnEmptyPostgres17() {
        try (Database db = Database.open(DatabaseSettings.of(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword()))) {
            assertThat(db.migrate()).isGreaterThanOrEqualTo(2);
            assertThat(new DistrictRepository(db.dataSource()).list(Optional.empty())).hasSize(61);
        }
    }
}
