package pe.centralunica.simulator;

import java.time.Duration;

/**
 * A SIP trunk to an agency ({@code Dial(PJSIP/105@trunk-pnp)}). UP answers after {@code answerAfter} and talks
 * for {@code talkFor}; DOWN gives CHANUNAVAIL at once; NO_ANSWER rings until Dial's timeout (NOANSWER);
 * CONGESTED gives CONGESTION; BUSY gives BUSY.
 */
public record TrunkSpec(String name, TrunkState state, Duration answerAfter, Duration talkFor) {
    public enum TrunkState { UP, DOWN, NO_ANSWER, CONGESTED, BUSY }

    public static TrunkSpec named(String name) {
        return new TrunkSpec(name, TrunkState.UP, Duration.ofSeconds(3), Duration.ofSeconds(60));
    }

    public TrunkSpec up() { return new TrunkSpec(name, TrunkState.UP, answerAfter, talkFor); }
    public TrunkSpec down() { return new TrunkSpec(name, TrunkState.DOWN, answerAfter, talkFor); }
    public TrunkSpec noAnswer() { return new TrunkSpec(name, TrunkState.NO_ANSWER, answerAfter, talkFor); }
    public TrunkSpec congested() { return new TrunkSpec(name, TrunkState.CONGESTED, answerAfter, talkFor); }
    public TrunkSpec busy() { return new TrunkSpec(name, TrunkState.BUSY, answerAfter, talkFor); }
    public TrunkSpec answerAfter(Duration d) { return new TrunkSpec(name, state, d, talkFor); }
    public TrunkSpec talkFor(Duration d) { return new TrunkSpec(name, state, answerAfter, d); }
}
