package pe.centralunica.app.demo;

import pe.centralunica.simulator.DispatcherHabits;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.Spread;

import java.time.Duration;
import java.util.Random;

/**
 * The demo city's dispatchers as people rather than one fixed 8 s answer: each has a typical ring-to-answer time
 * of their own (some usually pick up in 4 s, some in 9 s) and varies around it from call to call (3–15 s, now and
 * then slower), lets a ring go by now and then (2–8% of rings: the queue rings a colleague or them again), talks
 * for about a minute and a half (30 s – 5 min; the caller may hang up sooner) and takes 10–40 s of wrap-up before
 * the next call. Who is quick and who is slow, and every call's draw, depend only on the seed, so a run replays.
 */
final class DemoDispatchers {

    private static final Duration ANSWER_FLOOR = Duration.ofSeconds(3);
    private static final Duration ANSWER_CEILING = Duration.ofSeconds(15);

    private final long seed;

    DemoDispatchers(long seed) {
        this.seed = seed;
    }

    /** The dispatcher behind {@code iface}: their own medians, the same for a given seed. */
    MemberSpec member(String iface) {
        Random person = new Random(seed ^ (iface.hashCode() * 0x9E3779B97F4A7C15L));
        Duration answer = around(person, 6_000, 0.3, 4_000, 10_000);
        double missesRing = 0.02 + 0.06 * person.nextDouble();
        Duration talk = around(person, 90_000, 0.25, 50_000, 150_000);
        Duration wrapUp = around(person, 20_000, 0.3, 10_000, 40_000);
        return MemberSpec.named(iface).habits(new DispatcherHabits(
                Spread.around(answer, 0.35, ANSWER_FLOOR, ANSWER_CEILING),
                missesRing,
                Spread.around(talk, 0.5, Duration.ofSeconds(30), Duration.ofMinutes(5)),
                Spread.around(wrapUp, 0.4, Duration.ofSeconds(5), Duration.ofSeconds(60))));
    }

    /** A person's own median: log-normal around the centre's typical value, kept within [min, max] ms. */
    private static Duration around(Random person, long typicalMs, double sigma, long minMs, long maxMs) {
        long ms = Math.round(typicalMs * Math.exp(sigma * person.nextGaussian()));
        return Duration.ofMillis(Math.clamp(ms, minMs, maxMs));
    }
}
