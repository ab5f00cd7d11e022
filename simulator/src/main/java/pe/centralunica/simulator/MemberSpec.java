package pe.centralunica.simulator;

import java.time.Duration;
import java.util.Optional;

/**
 * A queue member (dispatcher): interface such as {@code PJSIP/disp-01}, whether logged in or paused at start,
 * how long their phone rings before they answer (empty = never answers), how long they talk, their penalty.
 */
public record MemberSpec(String iface, String memberName, Optional<Duration> answerAfter, Duration talkFor,
                         boolean loggedIn, boolean startsPaused, Duration wrapUp, Optional<String> transfersTo,
                         int penalty) {
    public static MemberSpec named(String iface) {
        return new MemberSpec(iface, iface, Optional.of(Duration.ofSeconds(2)), Duration.ofSeconds(30), true, false,
                Duration.ZERO, Optional.empty(), 0);
    }

    /**
     * After talking, the dispatcher blind-transfers the caller to {@code exten@context} (AgentComplete Reason:
     * transfer) instead of hanging up; the caller continues in the dialplan there.
     */
    public MemberSpec transfersTo(String extenAtContext) {
        return new MemberSpec(iface, memberName, answerAfter, talkFor, loggedIn, startsPaused, wrapUp,
                Optional.of(extenAtContext), penalty);
    }

    public MemberSpec answerAfter(Duration d) {
        return new MemberSpec(iface, memberName, Optional.of(d), talkFor, loggedIn, startsPaused, wrapUp, transfersTo, penalty);
    }

    public MemberSpec neverAnswers() {
        return new MemberSpec(iface, memberName, Optional.empty(), talkFor, loggedIn, startsPaused, wrapUp, transfersTo, penalty);
    }

    public MemberSpec talkFor(Duration d) {
        return new MemberSpec(iface, memberName, answerAfter, d, loggedIn, startsPaused, wrapUp, transfersTo, penalty);
    }

    public MemberSpec memberName(String name) {
        return new MemberSpec(iface, name, answerAfter, talkFor, loggedIn, startsPaused, wrapUp, transfersTo, penalty);
    }

    public MemberSpec loggedOut() {
        return new MemberSpec(iface, memberName, answerAfter, talkFor, false, startsPaused, wrapUp, transfersTo, penalty);
    }

    public MemberSpec paused() {
        return new MemberSpec(iface, memberName, answerAfter, talkFor, loggedIn, true, wrapUp, transfersTo, penalty);
    }

    /**
     * The member's penalty in this queue ({@code member => iface,penalty}): with {@code ringall} only the free
     * members of the lowest penalty ring; the others ring when none of those can.
     */
    public MemberSpec penalty(int p) {
        return new MemberSpec(iface, memberName, answerAfter, talkFor, loggedIn, startsPaused, wrapUp, transfersTo, p);
    }

    public MemberSpec wrapUp(Duration d) {
        return new MemberSpec(iface, memberName, answerAfter, talkFor, loggedIn, startsPaused, d, transfersTo, penalty);
    }
}
