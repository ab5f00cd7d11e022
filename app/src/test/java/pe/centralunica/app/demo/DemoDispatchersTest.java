package pe.centralunica.app.demo;

import org.junit.jupiter.api.Test;
import pe.centralunica.simulator.DispatcherHabits;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.Topology;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's dispatchers answer like people: each at their own pace, varied per call, the same for a seed. */
class DemoDispatchersTest {

    private static final List<String> PHONES = IntStream.rangeClosed(1, 40)
            .mapToObj(i -> String.format("PJSIP/disp-%s-01", Topology.districts().get(i))).toList();

    @Test
    void dispatchersHaveTheirOwnPaceWithinWhatPeopleDo() {
        DemoDispatchers staff = new DemoDispatchers(2026);
        List<DispatcherHabits> habits = PHONES.stream().map(staff::member).map(m -> m.habits().orElseThrow()).toList();

        List<Duration> medians = habits.stream().map(h -> h.answer().median()).distinct().toList();
        assertThat(medians).as("not one fixed answer time for everyone").hasSizeGreaterThan(30);
        assertThat(medians).allMatch(d -> d.compareTo(Duration.ofSeconds(4)) >= 0 && d.compareTo(Duration.ofSeconds(10)) <= 0);
        assertThat(habits).allMatch(h -> h.answer().min().equals(Duration.ofSeconds(3)) && h.answer().max().equals(Duration.ofSeconds(15)));
        assertThat(habits).allMatch(h -> h.missesRing() >= 0.02 && h.missesRing() <= 0.08);
        assertThat(habits).allMatch(h -> h.talk().median().compareTo(Duration.ofSeconds(50)) >= 0
                && h.wrapUp().median().compareTo(Duration.ofSeconds(10)) >= 0);
    }

    @Test
    void oneDispatchersCallsVaryAroundTheirMedian() {
        DispatcherHabits h = new DemoDispatchers(2026).member(PHONES.getFirst()).habits().orElseThrow();
        Random calls = new Random(1);
        List<Duration> answers = IntStream.range(0, 200).mapToObj(i -> h.answer().draw(calls)).toList();

        assertThat(answers.stream().distinct().count()).isGreaterThan(150);
        assertThat(answers).allMatch(d -> d.compareTo(Duration.ofSeconds(3)) >= 0 && d.compareTo(Duration.ofSeconds(15)) <= 0);
    }

    @Test
    void theSameSeedGivesTheSameDispatchersAndAnotherSeedOthers() {
        List<MemberSpec> a = PHONES.stream().map(new DemoDispatchers(7)::member).toList();
        List<MemberSpec> b = PHONES.stream().map(new DemoDispatchers(7)::member).toList();
        List<MemberSpec> c = PHONES.stream().map(new DemoDispatchers(8)::member).toList();

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }
}
