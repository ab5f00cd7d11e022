package pe.centralunica.router.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import pe.centralunica.router.AvailabilityBoard;

/** Consoles hear of a dispatcher's change of state (once per change) even when no call changes. */
class DispatchersTest {

    @Test
    void listenersHearEachChangeOfADispatchersStateOnceAndNothingForARepeat() {
        Dispatchers d = new Dispatchers(new AvailabilityBoard(), TargetDirectory.of(List.of()));
        AtomicInteger heard = new AtomicInteger();
        d.onChange(heard::incrementAndGet);

        d.member("ser-150122", "PJSIP/disp-01", "Ana", 1, false, 0);
        assertThat(heard).as("logged in").hasValue(1);
        d.member("ser-150122", "PJSIP/disp-01", "Ana", 1, false, 0);
        assertThat(heard).as("the same state again").hasValue(1);
        d.paused("ser-150122", "PJSIP/disp-01", true);
        assertThat(heard).as("paused").hasValue(2);
        d.onCall("PJSIP/disp-01", Optional.of("1796000000.1"));
        assertThat(heard).as("on a call").hasValue(3);
        d.callEnded("1796000000.1");
        d.callEnded("1796000000.1");
        assertThat(heard).as("off the call, once").hasValue(4);
        d.removed("ser-150122", "PJSIP/disp-01");
        assertThat(heard).as("logged out").hasValue(5);
    }
}
