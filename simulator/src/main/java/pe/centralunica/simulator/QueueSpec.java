package pe.centralunica.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An app_queue queue. Defaults follow Asterisk 20's: {@code joinempty = yes} and {@code leavewhenempty = no}
 * (so JOINEMPTY/LEAVEEMPTY only happen when asked for), ring a member {@code timeout = 15} s, {@code retry = 5} s,
 * no {@code maxlen}. Strategy: the free member idle longest is rung (rrmemory-like), or every free member
 * ({@link #ringAll()}); with several free members several callers are served at once (autofill).
 */
public final class QueueSpec {
    private final String name;
    private final List<MemberSpec> members = new ArrayList<>();
    private Duration memberTimeout = Duration.ofSeconds(15);
    private Duration retry = Duration.ofSeconds(5);
    private int maxLen;
    private boolean joinEmpty = true;
    private boolean leaveWhenEmpty;
    private boolean ringAll;
    private Duration raiseAfter;
    private int raiseTo;

    private QueueSpec(String name) {
        this.name = name;
    }

    public static QueueSpec named(String name) {
        return new QueueSpec(name);
    }

    public QueueSpec member(MemberSpec member) {
        members.add(member);
        return this;
    }

    public QueueSpec memberTimeout(Duration d) {
        this.memberTimeout = d;
        return this;
    }

    public QueueSpec retry(Duration d) {
        this.retry = d;
        return this;
    }

    /** {@code maxlen}: callers beyond it get QUEUESTATUS=FULL (0 = unlimited). */
    public QueueSpec maxLen(int maxLen) {
        this.maxLen = maxLen;
        return this;
    }

    /** {@code joinempty = no}-like: with no logged-in unpaused member, Queue() ends at once with JOINEMPTY. */
    public QueueSpec refuseWhenEmpty() {
        this.joinEmpty = false;
        return this;
    }

    /** {@code leavewhenempty = yes}-like: waiting callers leave with LEAVEEMPTY when no member is available. */
    public QueueSpec leaveWhenEmpty() {
        this.leaveWhenEmpty = true;
        return this;
    }

    /** {@code strategy = ringall}: every free member rings for the caller at the head; the first to answer wins. */
    public QueueSpec ringAll() {
        this.ringAll = true;
        return this;
    }

    /**
     * {@code defaultrule} with {@code penaltychange => <after>,,,<to>} (queuerules.conf): once the caller has
     * waited {@code after}, every later ring treats members below penalty {@code to} as {@code to}. As in
     * app_queue, only for a caller whose channel has {@code QUEUE_RAISE_PENALTY} set (a rule moves a value the
     * caller has; it never creates one).
     */
    public QueueSpec raisePenaltyAfter(Duration after, int to) {
        this.raiseAfter = after;
        this.raiseTo = to;
        return this;
    }

    public Optional<Duration> raiseAfter() { return Optional.ofNullable(raiseAfter); }
    public int raiseTo() { return raiseTo; }
    public boolean ringsAll() { return ringAll; }
    public String name() { return name; }
    public List<MemberSpec> members() { return List.copyOf(members); }
    public Duration memberTimeout() { return memberTimeout; }
    public Duration retry() { return retry; }
    public int maxLen() { return maxLen; }
    public boolean joinEmpty() { return joinEmpty; }
    public boolean leavesWhenEmpty() { return leaveWhenEmpty; }
}
