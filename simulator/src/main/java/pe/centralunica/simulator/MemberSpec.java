package pe.centralunica.simulator;

import java.time.Duration;
import java.util.Optional;

/**
 * A queue member (dispatcher): interface such as {@code PJSIP/disp-01}, whether logged in or paused at start,
 * how long their phone rings before they answer (empty = never answers), how long they talk, their penalty —
 * the same for every call, unless {@code habits} draws them call by call.
 */
public record MemberSpec(String iface, String memberName, Optional<Duration> answerAfter, Duration talkFor,
                         boolean loggedIn, boolean startsPaused, Duration wrapUp, Optional<String> transfersTo,
                         int penalty, Optional<DispatcherHabits> habits) {
    public static MemberSpec named(String iface) {
        return new MemberSpec(iface, iface, Optional.of(Duration.ofSeconds(2)), Duration.ofSeconds(30), true, false,
                Duration.ZERO, Optional.empty(), 0, Optional.empty());
    }

    /**
     * Answer, talk and wrap-up times drawn per call (seeded) instead of the fixed ones; {@code answerAfter},
     * {@code talkFor} and {@code wrapUp} are then only what AMI reports as the member's settings.
     */
    public MemberSpec habits(DispatcherHabits h) {
        return new MemberSpec(iface, memberName, Optional.of(h.answer().median()), h.talk().median(), loggedIn,
                startsPaused, h.wrapUp().median(), transfersTo, penalty, Optional.of(h));
    }

    /**
     * After talking, the dispatcher blind-transfers the caller to {@code exten@context} (AgentComplete Reason:
     * transfer) instead of hanging up; the caller continues in the dialplan there.
     */
    public MemberSpec transfersTo(String extenAtContext) {
        return new MemberSpec(iface, memberName, answerAfter, talkFor, loggedIn, startsPaused, wrapUp,
                Optional.of(extenAtContext), penalty, habits);
    }

    public MemberSpec answerAfter(Duration d) {
        return new MemberSpec(iface, memberName, Optional.of(d), talkFor, loggedIn, startsPaused, wrapUp, transfersTo, penalty, habits);
    }

    public MemberSpec neverAnswers() {
        return new MemberSpec(iface, memberName, Optional.empty(), talkFor, loggedIn, startsPaused, wrapUp, transfersTo, penalty, habits);
    }

    public MemberSpec talkFor(Duration d) {
        return new MemberSpec(iface, memberName, answerAfter, d, loggedIn, startsPaused, wrapUp, transfersTo, penalty, habits);
    }

    public MemberSpec memberName(String name) {
        return new MemberSpec(iface, name, answerAfter, talkFor, loggedIn, startsPaused, wrapUp, transfersTo, penalty, habits);
    }

    public MemberSpec loggedOut() {
        return new MemberSpec(iface, memberName, answerAfter, talkFor, false, startsPaused, wrapUp, transfersTo, penalty, habits);
    }

    public MemberSpec paused() {
        return new MemberSpec(iface, memberName, answerAfter, talkFor, loggedIn, true, wrapUp, transfersTo, penalty, habits);
    }

    /**
     * The member's penalty in this queue ({@code member => iface,penalty}): with {@code ringall} only the free
     * members of the lowest penalty ring; the others ring when none of those can.
     */
    public MemberSpec penalty(int p) {
        return new MemberSpec(iface, memberName, answerAfter, talkFor, loggedIn, startsPaused, wrapUp, transfersTo, p, habits);
    }

    public MemberSpec wrapUp(Duration d) {
        return new MemberSpec(iface, memberName, answerAfter, talkFor, loggedIn, startsPaused, d, transfersTo, penalty, habits);
    }
}
