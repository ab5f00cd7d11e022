package pe.centralunica.ivr;

import java.util.Optional;

/**
 * What the records say about a caller, looked up while the greeting plays.
 *
 * @param prankMarks   prank marks within the configured window
 * @param flagged      enough marks to be warned and de-prioritised (never blocked)
 * @param lastDistrict the district of the caller's most recent confirmed call within the history window
 * @param note         why the profile is empty when it is (lookup timed out, database down, number withheld)
 */
record CallerProfile(int prankMarks, boolean flagged, Optional<String> lastDistrict, Optional<String> note) {

    static CallerProfile unknown(String why) {
        return new CallerProfile(0, false, Optional.empty(), Optional.of(why));
    }
}
