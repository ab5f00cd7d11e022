package pe.centralunica.app.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** CU_DEMO_SEED: a printed seed given back replays the demo's traffic plan; unset, the demo takes the clock's. */
class DemoSeedSettingTest {

    @Test
    void aGivenSeedIsKeptWholeAndUnsetMeansTheClock() {
        assertThat(AppSettings.from(new Environment(Map.of("CU_DEMO_SEED", " -9007199254740993 ")), false).demoSeed())
                .hasValue(-9007199254740993L);
        assertThat(AppSettings.from(new Environment(Map.of()), false).demoSeed()).isEqualTo(OptionalLong.empty());
    }
}
