package pe.centralunica.simulator;

import java.util.List;

/** A running queue: its members and figures. */
public interface QueueControl {
    String name();

    MemberControl member(String iface);

    /** Adds a member at run time (as QueueAdd does). */
    MemberControl add(MemberSpec member);

    List<MemberControl> members();

    /** Callers waiting now. */
    int waiting();

    int completed();

    int abandoned();
}
