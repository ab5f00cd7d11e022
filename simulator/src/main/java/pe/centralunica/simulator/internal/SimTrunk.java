package pe.centralunica.simulator.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import pe.centralunica.simulator.TrunkControl;
import pe.centralunica.simulator.TrunkSpec;

/** A SIP trunk's switchable behaviour. */
public final class SimTrunk implements TrunkControl {
    private final String name;
    private volatile TrunkSpec.TrunkState state;
    private volatile Duration answerAfter;
    private volatile Duration talkFor;
    private final AtomicInteger answered = new AtomicInteger();

    SimTrunk(TrunkSpec spec) {
        this.name = spec.name();
        this.state = spec.state();
        this.answerAfter = spec.answerAfter();
        this.talkFor = spec.talkFor();
    }

    @Override public String name() { return name; }
    @Override public TrunkSpec.TrunkState state() { return state; }
    Duration answerAfterValue() { return answerAfter; }
    Duration talkForValue() { return talkFor; }
    void countAnswered() { answered.incrementAndGet(); }
    @Override public int callsAnswered() { return answered.get(); }

    @Override public TrunkControl up() { state = TrunkSpec.TrunkState.UP; return this; }
    @Override public TrunkControl down() { state = TrunkSpec.TrunkState.DOWN; return this; }
    @Override public TrunkControl noAnswer() { state = TrunkSpec.TrunkState.NO_ANSWER; return this; }
    @Override public TrunkControl congested() { state = TrunkSpec.TrunkState.CONGESTED; return this; }
    @Override public TrunkControl busy() { state = TrunkSpec.TrunkState.BUSY; return this; }
    @Override public TrunkControl answerAfter(Duration d) { answerAfter = d; return this; }
    @Override public TrunkControl talkFor(Duration d) { talkFor = d; return this; }
}
