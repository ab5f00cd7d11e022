package pe.centralunica.console.desk;

import java.util.Optional;

/** An incident's life: NEW → DISPATCHED → ON_SCENE → CLOSED, one step at a time; CLOSED from anywhere (a prank, a duplicate). */
public enum IncidentStatus {
    NEW, DISPATCHED, ON_SCENE, CLOSED;

    public boolean mayBecome(IncidentStatus next) {
        return next == this || next == CLOSED || next.ordinal() == ordinal() + 1;
    }

    public static Optional<IncidentStatus> parse(String s) {
        try {
            return Optional.of(valueOf(s));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
