package pe.centralunica.exchange.eido;

import java.time.Instant;
import java.util.List;

/**
 * Everything Central Única knows about one incident, as it leaves the building: the input of {@link EidoWriter}.
 * {@code place} and {@code districtName} may be null (an incident whose district is still unknown).
 */
public record IncidentFacts(long id, String typeCode, String typeName, int priority, String status,
                            Instant createdAt, Instant updatedAt, Place place,
                            List<CallFacts> calls, List<AgencyFacts> agencies, List<NoteFacts> notes) {

    public IncidentFacts {
        calls = List.copyOf(calls);
        agencies = List.copyOf(agencies);
        notes = List.copyOf(notes);
    }
}
