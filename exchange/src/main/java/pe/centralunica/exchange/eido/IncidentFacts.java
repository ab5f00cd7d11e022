package pe.centralunica.exchange.eido;

import java.time.Instant;
import java.util.List;

/**
 * Everything Central Única knows about one incident, as it leaves the building: the input of {@link EidoWriter}.
 * {@code place} and {@code districtName} may be null (an incident whose district is still unknown). Every agency
 * that owns one of the {@code units} is among the {@code agencies}.
 */
public record IncidentFacts(long id, String typeCode, String typeName, int priority, String status,
                            Instant createdAt, Instant updatedAt, Place place,
                            List<CallComponentFacts> calls, List<AgencyFacts> agencies, List<NoteFacts> notes, List<UnitFacts> units) {

    public IncidentFacts {
        calls = List.copyOf(calls);
        agencies = List.copyOf(agencies);
        notes = List.copyOf(notes);
        units = List.copyOf(units);
    }

    /** An incident no agency has reported units for yet. */
    public IncidentFacts(long id, String typeCode, String typeName, int priority, String status, Instant createdAt,
                         Instant updatedAt, Place place, List<CallComponentFacts> calls, List<AgencyFacts> agencies, List<NoteFacts> notes) {
        this(id, typeCode, typeName, priority, status, createdAt, updatedAt, place, calls, agencies, notes, List.of());
    }
}
