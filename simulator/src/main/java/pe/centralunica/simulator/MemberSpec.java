package pe.centralunica.simulator;

import java.time.Duration;
import java.util.Optional;

/**
 * A queue member (dispatcher): interface such as {@code PJSIP/disp-01}, whether logged in or paused at start,
 * how long their phone rings before they answer (empty = never answers) and how long they talk.
 */
public record MemberSpec(String iface, String memberName, Optional<Duration> answerAfter, Duration talkFor,
                         boolean loggedIn, boolean startsPaused, Duration wrapUp) {
    public static MemberSpec named(String iface) {
        return new MemberSpec(iface, iface, Optional.of(Duration.ofSeconds(2)), Duration.ofSeconds(30), true, false,
                Duration.ZERO);
    }

    public MemberSpec answerAfter(Duration d) {
        return new MemberSpec(iface, memberName, Optional.of(d), talkFor, loggedIn, startsPaused, wrapUp);
    }

    public MemberSpec neverAnswers() {
        return new MemberSpec(iface, memberName, Optional.empty(), talkFor, loggedIn, startsPaused, wrapUp);
    }

    public MemberSpec talkFor(Duration d) {
        return new MemberSpec(iface, memberName, answerAfter, d, loggedIn, startsPaused, wrapUp);
    }

    public MemberSpec memberName(String name) {
        return new MemberSpec(iface, name, answerAfter, talkFor, loggedIn, startsPaused, wrapUp);
    }

    public MemberSpec loggedOut() {
        return new MemberSpec(iface, memberName, answerAfter, talkFor, false, startsPaused, wrapUp);
    }

    public MemberSpec paused() {
        return new MemberSpec(iface, memberName, answerAfter, talkFor, loggedIn, true, wrapUp);
    }

    public MemberSpec wrapUp(Duration d) {
        return new MemberSpec(iface, memberName, answerAfter, talkFor, loggedIn, startsPaused, d);
    }
}
