package pe.centralunica.sipconfig.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HysteresisTest {

    @Test
    void scatteredLossesNeverFlapTheTarget() {
        Hysteresis h = new Hysteresis(3, 2);
        for (boolean ok : new boolean[] {false, false, true, false, false, true, false}) {
            assertThat(h.record(ok)).isEmpty();
        }
        assertThat(h.up()).isTrue();
    }

    @Test
    void downAfterNConsecutiveFailuresAndUpAfterMConsecutiveSuccesses() {
        Hysteresis h = new Hysteresis(3, 2);
        assertThat(h.record(false)).isEmpty();
        assertThat(h.record(false)).isEmpty();
        assertThat(h.record(false)).isEqualTo(Optional.of(false));
        assertThat(h.record(false)).as("already down: no repeated report").isEmpty();
        assertThat(h.record(true)).isEmpty();
        assertThat(h.record(false)).as("one success then a failure restarts the count").isEmpty();
        assertThat(h.record(true)).isEmpty();
        assertThat(h.record(true)).isEqualTo(Optional.of(true));
        assertThat(h.up()).isTrue();
    }
}
