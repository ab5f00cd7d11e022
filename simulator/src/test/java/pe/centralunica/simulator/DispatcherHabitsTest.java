package pe.centralunica.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dispatchers whose answer, talk and wrap-up times vary call by call (seeded), as people's do. */
class DispatcherHabitsTest {

    private static final String DIALPLAN = """
            [q]
            exten => _X.,1,Answer()
             same => n,Queue(desk,c,,,120)
             same => n,Hangup()
            """;

    private static final Spread ANSWER = Spread.around(Duration.ofSeconds(6), 0.5, Duration.ofSeconds(3), Duration.ofSeconds(15));

    @Test
    void drawsStayWithinTheirRangeAndCentreOnTheMedian() {
        Random random = new Random(42);
        List<Long> draws = new ArrayList<>();
        for (int i = 0; i < 5001; i++) {
            draws.add(ANSWER.draw(random).toMillis());
        }
        assertThat(draws).allMatch(ms -> ms >= 3_000 && ms <= 15_000);
        List<Long> sorted = draws.stream().sorted().toList();
        assertThat(sorted.get(2500)).as("the median draw").isBetween(5_400L, 6_600L);
        assertThat(sorted.getFirst()).as("some quick answers hit the floor").isEqualTo(3_000L);
        assertThat(sorted.getLast()).as("a long tail of slow ones").isGreaterThan(12_000L);
        assertThat(Spread.fixed(Duration.ofSeconds(8)).draw(random)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void theSameSeedReplaysTheSameTimes() {
        Random a = new Random(7);
        Random b = new Random(7);
        for (int i = 0; i < 100; i++) {
            assertThat(ANSWER.draw(a)).isEqualTo(ANSWER.draw(b));
        }
    }

    @Test
    void nonsenseHabitsAreRefused() {
        assertThatThrownBy(() -> Spread.around(Duration.ofSeconds(2), 0.3, Duration.ofSeconds(3), Duration.ofSeconds(15)))
                .hasMessageContaining("min <= median <= max");
        assertThatThrownBy(() -> new DispatcherHabits(ANSWER, 1.5, ANSWER, ANSWER)).hasMessageContaining("missesRing");
    }

    @Test
    void oneDispatchersAnswerTimeVariesFromCallToCallWithinTheirRange() throws Exception {
        DispatcherHabits habits = new DispatcherHabits(ANSWER, 0, Spread.fixed(Duration.ofSeconds(2)), Spread.fixed(Duration.ZERO));
        try (SimulatedAsterisk s = SimulatedAsterisk.builder().dialplanText(DIALPLAN).timeScale(0.05).seed(3)
                .queue(QueueSpec.named("desk").memberTimeout(Duration.ofSeconds(20)).member(MemberSpec.named("PJSIP/d1").habits(habits)))
                .start()) {
            List<Long> ringedMillis = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                CallOutcome o = s.place(CallScript.caller("10" + i).context("q").dials("100")).get(30, TimeUnit.SECONDS);
                assertThat(o.answeredBy()).contains("PJSIP/d1");
                ringedMillis.add(o.duration().toMillis() - 2_000); // minus the fixed 2 s talk
            }
            // Never sooner than the floor (the simulated clock cannot run short); not one fixed time for every call.
            assertThat(ringedMillis).allMatch(ms -> ms >= 3_000);
            long spread = ringedMillis.stream().mapToLong(Long::longValue).max().orElseThrow()
                    - ringedMillis.stream().mapToLong(Long::longValue).min().orElseThrow();
            assertThat(spread).as("answer times %s", ringedMillis).isGreaterThan(1_500);
        }
    }

    @Test
    void aDispatcherWhoLetsTheRingGoLeavesTheCallToAColleague() throws Exception {
        DispatcherHabits away = new DispatcherHabits(Spread.fixed(Duration.ofSeconds(1)), 1.0,
                Spread.fixed(Duration.ofSeconds(2)), Spread.fixed(Duration.ZERO));
        try (SimulatedAsterisk s = SimulatedAsterisk.builder().dialplanText(DIALPLAN).timeScale(0.02).seed(5)
                .queue(QueueSpec.named("desk").ringAll()
                        .member(MemberSpec.named("PJSIP/away").habits(away))
                        .member(MemberSpec.named("PJSIP/colleague").answerAfter(Duration.ofSeconds(4)).talkFor(Duration.ofSeconds(2))))
                .start()) {
            CallOutcome o = s.place(CallScript.caller("200").context("q").dials("100")).get(30, TimeUnit.SECONDS);

            assertThat(o.answeredBy()).contains("PJSIP/colleague");
            assertThat(s.queue("desk").member("PJSIP/away").callsTaken()).isZero();
        }
    }
}
