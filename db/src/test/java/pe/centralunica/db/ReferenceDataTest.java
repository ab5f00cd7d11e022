package pe.centralunica.db;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.testing.TestDatabases;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceDataTest {

    private static Database db;

    @BeforeAll
    static void migrate() {
        db = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void migrationsSeedLimaCallaoAndTrujilloWithTheirUbigeoCodes() {
        DistrictRepository districts = new DistrictRepository(db.dataSource());

        List<District> lima = districts.list(Optional.of("LIMA"));
        List<District> callao = districts.list(Optional.of("callao"));
        List<District> trujillo = districts.list(Optional.of("TRUJILLO"));

        assertThat(lima).hasSize(43);
        assertThat(lima.getFirst()).isEqualTo(new District("150101", "Lima", "LIMA"));
        assertThat(lima.getLast()).isEqualTo(new District("150143", "Villa María del Triunfo", "LIMA"));
        assertThat(callao).extracting(District::code)
                .containsExactly("070101", "070102", "070103", "070104", "070105", "070106", "070107");
        assertThat(trujillo).hasSize(11);
        assertThat(trujillo.getLast().name()).isEqualTo("Víctor Larco Herrera");
        assertThat(districts.list(Optional.empty())).hasSize(61);
    }
}
