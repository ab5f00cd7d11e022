package pe.centralunica.exchange.eido;

import java.time.Instant;

/**
 * A unit an agency sent to an incident (an engine, a patrol car, an ambulance), as that agency last reported it.
 * {@code componentId} is the agency's own id for it; {@code reportedAt} the time of the agency's report we hold.
 * The times of each status are null until the unit reached it.
 */
public record UnitFacts(String agencyCode, String componentId, String name, String resourceType, UnitStatus status,
                        Instant dispatchedAt, Instant enRouteAt, Instant onSceneAt, Instant clearedAt, Instant reportedAt) {

    /** The unit's component id in our EIDO: prefixed with its agency, as two agencies may use the same id. */
    public String exportId() {
        return exportId(agencyCode, componentId);
    }

    public static String exportId(String agencyCode, String componentId) {
        return "unit-" + agencyCode + "-" + componentId;
    }
}
