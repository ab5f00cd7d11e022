package pe.centralunica.simulator;

import java.util.Objects;

/**
 * How a dispatcher behaves call by call, instead of one fixed time for every call: how long their phone rings
 * before they pick up, how often they let a ring go by altogether (the queue then rings the next member, or this
 * one again: ring-no-answer), how long they talk and how long their wrap-up takes. Drawn per call from a
 * generator seeded by the simulator's seed and the member's interface, so a run replays with the same seed.
 *
 * @param answer     ring time before picking up
 * @param missesRing chance (0–1) that a given ring goes unanswered
 * @param talk       conversation length (the caller may hang up sooner)
 * @param wrapUp     time after a call before the next ring
 */
public record DispatcherHabits(Spread answer, double missesRing, Spread talk, Spread wrapUp) {

    public DispatcherHabits {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(talk, "talk");
        Objects.requireNonNull(wrapUp, "wrapUp");
        if (!(missesRing >= 0 && missesRing <= 1)) {
            throw new IllegalArgumentException("missesRing must be between 0 and 1, got " + missesRing);
        }
    }
}
