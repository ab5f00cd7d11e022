package pe.centralunica.exchange.eido;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EidoExportTest {

    private static final Instant T0 = Instant.parse("2026-12-07T14:00:00Z");
    private final EidoWriter writer = new EidoWriter("urn:centralunica:lima");
    private final EidoSchema schema = new EidoSchema();

    static IncidentFacts fireWithThreeCallsATransferAndAPanicButton() {
        Place street = new Place("150122", "Miraflores", "Av. Larco 345", new BigDecimal("-12.121000"), new BigDecimal("-77.030000"));
        Place button = new Place("150122", "Miraflores", "Parque Kennedy, poste 4", new BigDecimal("-12.119500"), new BigDecimal("-77.029800"));
        CallComponentFacts first = new CallComponentFacts("0b6f0c1e-3a1d-4c55-9f61-2f0c9a5b7e01", "1765116000.11", "987654321", "NORMAL", "es",
                T0, T0.plusSeconds(12), T0.plusSeconds(95), "TRANSFERRED", "disp-101", null, null, "Q-CGBVP");
        CallComponentFacts second = new CallComponentFacts("0b6f0c1e-3a1d-4c55-9f61-2f0c9a5b7e02", "1765116030.14", "912345678", "NORMAL", "qu",
                T0.plusSeconds(30), T0.plusSeconds(41), T0.plusSeconds(80), "ANSWERED", "disp-102", null, null, null);
        CallComponentFacts panic = new CallComponentFacts("0b6f0c1e-3a1d-4c55-9f61-2f0c9a5b7e03", "1765116050.20", "5100004", "PANIC", null,
                T0.plusSeconds(50), null, T0.plusSeconds(70), "ABANDONED", null, "PB-MIR-004", button, null);
        return new IncidentFacts(42, "FIRE", "Incendio", 1, "DISPATCHED", T0, T0.plusSeconds(120), street,
                List.of(first, second, panic),
                List.of(new AgencyFacts("SER-MIRAFLORES", "Serenazgo de Miraflores", "SERENAZGO", AgencyRole.ROUTED_TO),
                        new AgencyFacts("CGBVP", "Bomberos", "FIRE", AgencyRole.ROUTED_TO),
                        new AgencyFacts("CGBVP", "Bomberos", "FIRE", AgencyRole.TRANSFERRED_TO)),
                List.of(new NoteFacts(7, T0.plusSeconds(20), "ana.dispatcher", "NOTE", "Humo negro en el tercer piso <b>"),
                        new NoteFacts(8, T0.plusSeconds(60), "luis.sup", "NOTE", "Dos unidades en camino")));
    }

    @Test
    void incidentWithSeveralCallsATransferAndAPanicButtonIsAValidEido() {
        ObjectNode eido = writer.write(fireWithThreeCallsATransferAndAPanicButton(), UUID.randomUUID());

        assertThat(schema.problems(eido)).isEmpty();
        assertThat(eido.get("callComponent")).hasSize(3);
        JsonNode incident = eido.get("incidentComponent").get(0);
        assertThat(incident.get("callReference")).hasSize(3);
        assertThat(incident.get("incidentStatusCommonRegistryText").get(0).asString()).isEqualTo("Dispatched");
        JsonNode panic = eido.get("callComponent").get(2);
        assertThat(panic.get("callTypeDescriptionRegistryText").asString()).isEqualTo("PanicButton");
        assertThat(panic.get("locationReference").get("$ref").asString()).isEqualTo("location-panic-PB-MIR-004");
        assertThat(eido.get("callComponent").get(0).get("callTransferTargetText").asString()).isEqualTo("Q-CGBVP");
    }

    @Test
    void agencyRoutedToAndTransferredToAppearsOnceWithBothRoles() {
        ObjectNode eido = writer.write(fireWithThreeCallsATransferAndAPanicButton(), UUID.randomUUID());

        List<JsonNode> bomberos = eido.get("agencyComponent").valueStream()
                .filter(a -> a.get("$id").asString().equals("agency-CGBVP")).toList();
        assertThat(bomberos).hasSize(1);
        assertThat(bomberos.getFirst().get("agencyRoleDescriptionRegistryText").valueStream().map(JsonNode::asString))
                .containsExactly("Responding", "TransferTarget");
    }

    @Test
    void everyReferenceNamesAComponentAndNotesPointToTheirAuthors() {
        ObjectNode eido = writer.write(fireWithThreeCallsATransferAndAPanicButton(), UUID.randomUUID());

        JsonNode note = eido.get("notesComponent").get(0);
        assertThat(note.get("authorReference").get("$ref").asString()).isEqualTo("person-user-ana.dispatcher");
        assertThat(eido.get("personComponent").valueStream().map(p -> p.get("$id").asString()))
                .contains("person-user-ana.dispatcher", "person-caller-0b6f0c1e-3a1d-4c55-9f61-2f0c9a5b7e01");
        assertThat(eido.get("locationComponent").get(0).get("locationByValue").asString())
                .contains("<gml:pos>-12.121000 -77.030000</gml:pos>", "<ca:A3>Miraflores</ca:A3>");
    }

    @Test
    void componentIdsStayTheSameAcrossMessagesSoAgenciesUpdateInsteadOfDuplicating() {
        ObjectNode a = writer.write(fireWithThreeCallsATransferAndAPanicButton(), UUID.randomUUID());
        ObjectNode b = writer.write(fireWithThreeCallsATransferAndAPanicButton(), UUID.randomUUID());

        assertThat(a.get("eidoMessageIdentifier")).isNotEqualTo(b.get("eidoMessageIdentifier"));
        assertThat(a.get("callComponent")).isEqualTo(b.get("callComponent"));
    }

    @Test
    void incidentWithoutPlaceCallsOrNotesIsStillValid() {
        IncidentFacts bare = new IncidentFacts(1, "UNKNOWN", "Desconocido", 3, "NEW", T0, T0, null, List.of(), List.of(), List.of());
        assertThat(schema.problems(writer.write(bare, UUID.randomUUID()))).isEmpty();
    }

    @Test
    void danglingReferenceIsRefused() {
        ObjectNode eido = writer.write(fireWithThreeCallsATransferAndAPanicButton(), UUID.randomUUID());
        ((ObjectNode) eido.get("notesComponent").get(0).get("authorReference")).put("$ref", "person-nobody");

        assertThat(schema.problems(eido)).singleElement().asString().contains("person-nobody");
    }

    @Test
    void misspeltElementUnknownStatusAndMissingMessageIdAreRefused() {
        ObjectNode misspelt = writer.write(fireWithThreeCallsATransferAndAPanicButton(), UUID.randomUUID());
        ((ObjectNode) misspelt.get("callComponent").get(0)).put("callStartTimestamp", "2026-12-07T14:00:00Z");
        assertThat(schema.problems(misspelt)).isNotEmpty();

        ObjectNode status = writer.write(fireWithThreeCallsATransferAndAPanicButton(), UUID.randomUUID());
        ((ObjectNode) status.get("incidentComponent").get(0)).putArray("incidentStatusCommonRegistryText").add("Burning");
        assertThat(schema.problems(status)).isNotEmpty();

        ObjectNode noId = writer.write(fireWithThreeCallsATransferAndAPanicButton(), UUID.randomUUID());
        noId.remove("eidoMessageIdentifier");
        assertThat(schema.problems(noId)).isNotEmpty();
    }

    @Test
    void panicCallWithoutItsDeviceIsRefused() {
        ObjectNode eido = writer.write(fireWithThreeCallsATransferAndAPanicButton(), UUID.randomUUID());
        ((ObjectNode) eido.get("callComponent").get(2)).remove("deviceIdentifier");
        assertThat(schema.problems(eido)).isNotEmpty();
    }

    @Test
    void badTimestampIsRefused() {
        ObjectNode eido = writer.write(fireWithThreeCallsATransferAndAPanicButton(), UUID.randomUUID());
        eido.put("lastUpdateTimeStamp", "07/12/2026 14:00");
        assertThat(schema.problems(eido)).isNotEmpty();
    }

    @Test
    void unitsAnAgencyReportedAreValidEmergencyResourcesOfThatAgency() {
        IncidentFacts fire = fireWithThreeCallsATransferAndAPanicButton();
        UnitFacts engine = new UnitFacts("CGBVP", "cgbvp:unit:B-34", "Máquina B-34", "Engine", UnitStatus.ON_SCENE,
                T0.plusSeconds(60), T0.plusSeconds(90), T0.plusSeconds(400), null, T0.plusSeconds(400));
        UnitFacts ambulance = new UnitFacts("SAMU", "amb-7", "Ambulancia 7", "Ambulance", UnitStatus.DISPATCHED,
                T0.plusSeconds(70), null, null, null, T0.plusSeconds(70));
        List<AgencyFacts> agencies = new java.util.ArrayList<>(fire.agencies());
        agencies.add(new AgencyFacts("SAMU", "SAMU", "MEDICAL", AgencyRole.SENT_UNITS));
        IncidentFacts withUnits = new IncidentFacts(fire.id(), fire.typeCode(), fire.typeName(), fire.priority(), fire.status(),
                fire.createdAt(), fire.updatedAt(), fire.place(), fire.calls(), agencies, fire.notes(), List.of(engine, ambulance));

        ObjectNode eido = writer.write(withUnits, UUID.randomUUID());

        assertThat(schema.problems(eido)).isEmpty();
        JsonNode b34 = eido.get("emergencyResourceComponent").get(0);
        assertThat(b34.get("$id").asString()).isEqualTo("unit-CGBVP-cgbvp:unit:B-34");
        assertThat(b34.get("primaryUnitStatusRegistryText").asString()).isEqualTo("OnScene");
        assertThat(b34.get("updatedByAgencyReference").get("$ref").asString()).isEqualTo("agency-CGBVP");
        assertThat(b34.get("unitOnSceneTimeStamp").asString()).isEqualTo("2026-12-07T14:06:40Z");
        assertThat(b34.has("unitClearedTimeStamp")).isFalse();
        assertThat(eido.get("agencyComponent").valueStream().map(a -> a.get("$id").asString())).contains("agency-SAMU");

        ((ObjectNode) eido.get("emergencyResourceComponent").get(1)).put("primaryUnitStatusRegistryText", "Lost");
        assertThat(schema.problems(eido)).as("an unknown unit status").isNotEmpty();
    }
}
