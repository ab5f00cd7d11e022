package pe.centralunica.simulator;

import java.time.Duration;

/** A dispatcher in a queue, switched at run time. */
public interface MemberControl {
    String iface();

    MemberControl login();

    MemberControl logout();

    MemberControl pause(String reason);

    MemberControl unpause();

    /** Changes how long the phone rings before they answer (from the next call on). */
    MemberControl answerAfter(Duration d);

    MemberControl neverAnswers();

    MemberControl talkFor(Duration d);

    boolean loggedIn();

    boolean paused();

    boolean inCall();

    int callsTaken();
}
