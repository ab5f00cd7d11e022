package pe.centralunica.exchange.eido;

import java.time.Instant;

/**
 * One call of an incident. Nullable: callerNumber (withheld), answeredAt/endedAt (not yet), answeredBy,
 * panicPlace (only for panic buttons), transferredTo (the route-target code a dispatcher sent it to).
 */
public record CallComponentFacts(String id, String asteriskUniqueid, String callerNumber, String callerClass, String language,
                        Instant arrivedAt, Instant answeredAt, Instant endedAt, String outcome, String answeredBy,
                        String panicDeviceId, Place panicPlace, String transferredTo) {

    public boolean fromPanicButton() {
        return panicDeviceId != null;
    }
}
