package pe.centralunica.simulator;

import java.time.Duration;

/** A SIP trunk switched at run time. */
public interface TrunkControl {
    String name();

    TrunkControl up();

    TrunkControl down();

    TrunkControl noAnswer();

    TrunkControl congested();

    TrunkControl busy();

    TrunkControl answerAfter(Duration d);

    TrunkControl talkFor(Duration d);

    TrunkSpec.TrunkState state();

    int callsAnswered();
}
