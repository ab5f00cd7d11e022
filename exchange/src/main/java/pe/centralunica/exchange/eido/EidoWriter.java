package pe.centralunica.exchange.eido;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes an incident as a NENA EIDO message (NENA-STA-024, JSON encoding): one component per incident, call,
 * location, agency, person and note, linked by {@code {"$ref": id}}. Component ids are stable per record
 * ({@code call-<uuid>}, {@code note-<id>}), so an agency that receives a second message for the same incident
 * updates the same components instead of adding copies; only the message identifier is new every time.
 */
public final class EidoWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String sendingSystem;

    /** {@code sendingSystem}: the URI that names this centre to the agencies (e.g. {@code urn:centralunica:lima}). */
    public EidoWriter(String sendingSystem) {
        this.sendingSystem = sendingSystem;
    }

    public ObjectNode write(IncidentFacts incident, UUID messageId) {
        Components c = new Components();
        // Lower case: agency codes are upper case, so this id cannot collide with an agency's.
        String self = "agency-centralunica";
        ObjectNode selfAgency = c.add("agencyComponent", self, incident.updatedAt(), null);
        selfAgency.put("agencyIdentifier", sendingSystem);
        selfAgency.put("agencyName", "Central Única");
        selfAgency.putArray("agencyRoleDescriptionRegistryText").add(AgencyRole.CALL_RECEIVING.eidoText());

        Map<String, ObjectNode> agencies = new LinkedHashMap<>();
        for (AgencyFacts a : incident.agencies()) {
            ObjectNode agency = agencies.computeIfAbsent(a.code(), code -> {
                ObjectNode n = c.add("agencyComponent", agencyId(code), incident.updatedAt(), self);
                n.put("agencyIdentifier", sendingSystem + ":agency:" + code);
                n.put("agencyName", a.name());
                n.put("agencyTypeText", a.kind());
                n.putArray("agencyRoleDescriptionRegistryText");
                return n;
            });
            addOnce((ArrayNode) agency.get("agencyRoleDescriptionRegistryText"), a.role().eidoText());
        }

        String incidentId = "incident-" + incident.id();
        ObjectNode inc = c.add("incidentComponent", incidentId, incident.updatedAt(), self);
        inc.put("incidentTrackingIdentifier", sendingSystem + ":incident:" + incident.id());
        inc.put("incidentCreationTimeStamp", time(incident.createdAt()));
        inc.putArray("incidentTypeCommonRegistryText").add(incident.typeCode());
        inc.put("incidentTypeDescription", incident.typeName());
        inc.putArray("incidentStatusCommonRegistryText").add(status(incident.status()));
        inc.put("incidentPriority", incident.priority());
        if (incident.place() != null && !incident.place().isEmpty()) {
            String loc = "location-" + incidentId;
            location(c, loc, incident.place(), "CurrentIncident", incident.updatedAt(), self);
            inc.set("locationReference", ref(loc));
        }
        ArrayNode callRefs = inc.putArray("callReference");
        for (CallComponentFacts call : incident.calls()) {
            callRefs.add(ref(call(c, call, self)));
        }
        ArrayNode agencyRefs = inc.putArray("agencyReference");
        agencyRefs.add(ref(self));
        agencies.keySet().forEach(code -> agencyRefs.add(ref(agencyId(code))));

        ArrayNode noteRefs = inc.putArray("notesReference");
        for (NoteFacts note : incident.notes()) {
            String authorId = "person-user-" + safe(note.author());
            if (!c.has(authorId)) {
                ObjectNode author = c.add("personComponent", authorId, note.at(), self);
                author.put("personIdentifier", sendingSystem + ":user:" + note.author());
                author.put("personNameText", note.author());
                author.putArray("personRoleRegistryText").add("Telecommunicator");
            }
            ObjectNode n = c.add("notesComponent", "note-" + note.id(), note.at(), self);
            n.put("noteDateTimeStamp", time(note.at()));
            n.put("noteKindText", note.kind());
            n.put("noteText", note.text());
            n.set("authorReference", ref(authorId));
            noteRefs.add(ref("note-" + note.id()));
        }

        for (UnitFacts unit : incident.units()) {
            if (!agencies.containsKey(unit.agencyCode())) {
                throw new IllegalArgumentException("unit " + unit.exportId() + " belongs to agency " + unit.agencyCode()
                        + ", which is not among the incident's agencies");
            }
            ObjectNode u = c.add("emergencyResourceComponent", unit.exportId(), unit.reportedAt(), agencyId(unit.agencyCode()));
            u.put("emergencyResourceTypeCommonRegistryText", unit.resourceType());
            u.put("emergencyResourceName", unit.name());
            u.put("primaryUnitStatusRegistryText", unit.status().eidoText());
            putTime(u, "unitDispatchedTimeStamp", unit.dispatchedAt());
            putTime(u, "unitEnrouteTimeStamp", unit.enRouteAt());
            putTime(u, "unitOnSceneTimeStamp", unit.onSceneAt());
            putTime(u, "unitClearedTimeStamp", unit.clearedAt());
        }

        ObjectNode message = JSON.createObjectNode();
        String urn = "urn:uuid:" + messageId;
        message.put("$id", urn);
        message.put("eidoMessageIdentifier", urn);
        message.put("lastUpdateTimeStamp", time(incident.updatedAt()));
        message.put("sendingSystemIdentifier", sendingSystem);
        c.appendTo(message);
        return message;
    }

    private String call(Components c, CallComponentFacts call, String self) {
        String id = "call-" + call.id();
        Instant last = call.endedAt() != null ? call.endedAt() : call.arrivedAt();
        ObjectNode n = c.add("callComponent", id, last, self);
        n.put("callTrackingIdentifier", call.asteriskUniqueid());
        n.put("callStartTimeStamp", time(call.arrivedAt()));
        if (call.answeredAt() != null) {
            n.put("callAnswerTimeStamp", time(call.answeredAt()));
        }
        if (call.endedAt() != null) {
            n.put("callEndTimeStamp", time(call.endedAt()));
        }
        n.put("callTypeDescriptionRegistryText", call.fromPanicButton() ? "PanicButton" : "Voice");
        n.put("callDispositionText", call.outcome());
        if (call.callerClass() != null) {
            n.put("callerClassText", call.callerClass());
        }
        if (call.language() != null) {
            n.put("callLanguage", call.language());
        }
        if (call.callerNumber() != null) {
            String caller = "person-caller-" + call.id();
            ObjectNode person = c.add("personComponent", caller, last, self);
            person.put("personIdentifier", "tel:" + call.callerNumber());
            person.putArray("personRoleRegistryText").add(call.fromPanicButton() ? "Device" : "Caller");
            person.put("contactTelephoneNumber", call.callerNumber());
            n.set("callerReference", ref(caller));
        }
        if (call.fromPanicButton()) {
            n.put("deviceIdentifier", call.panicDeviceId());
            if (call.panicPlace() != null && !call.panicPlace().isEmpty()) {
                String loc = "location-panic-" + safe(call.panicDeviceId());
                if (!c.has(loc)) {
                    location(c, loc, call.panicPlace(), "CallerLocation", last, self);
                }
                n.set("locationReference", ref(loc));
            }
        }
        if (call.answeredBy() != null) {
            n.put("answeringPositionText", call.answeredBy());
        }
        if (call.transferredTo() != null) {
            n.put("callTransferTargetText", call.transferredTo());
        }
        return id;
    }

    private static void location(Components c, String id, Place place, String kind, Instant at, String self) {
        ObjectNode n = c.add("locationComponent", id, at, self);
        n.put("locationTypeDescriptionRegistryText", kind);
        n.put("locationByValue", PidfLo.of(place));
        if (place.address() != null) {
            n.put("locationAddressText", place.address());
        }
        if (place.districtUbigeo() != null) {
            n.put("locationDistrictCode", place.districtUbigeo());
        }
    }

    private static String status(String status) {
        return switch (status) {
            case "NEW" -> "Received";
            case "DISPATCHED" -> "Dispatched";
            case "ON_SCENE" -> "OnScene";
            case "CLOSED" -> "Closed";
            default -> throw new IllegalArgumentException("unknown incident status " + status);
        };
    }

    private static void putTime(ObjectNode node, String field, Instant t) {
        if (t != null) {
            node.put(field, time(t));
        }
    }

    static ObjectNode ref(String id) {
        return JSON.createObjectNode().put("$ref", id);
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String agencyId(String code) {
        return "agency-" + safe(code);
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static void addOnce(ArrayNode array, String value) {
        for (var v : array) {
            if (v.asString().equals(value)) {
                return;
            }
        }
        array.add(value);
    }

    /** The components of one message, by kind, each id once. */
    private static final class Components {
        private final Map<String, ArrayNode> byKind = new LinkedHashMap<>();
        private final Set<String> ids = new LinkedHashSet<>();

        ObjectNode add(String kind, String id, Instant lastUpdate, String updatedBy) {
            if (!ids.add(id)) {
                throw new IllegalStateException("component id " + id + " used twice");
            }
            ObjectNode n = byKind.computeIfAbsent(kind, k -> JSON.createArrayNode()).addObject();
            n.put("$id", id);
            n.put("componentIdentifier", id);
            n.put("lastUpdateTimeStamp", time(lastUpdate));
            if (updatedBy != null) {
                n.set("updatedByAgencyReference", ref(updatedBy));
            }
            return n;
        }

        boolean has(String id) {
            return ids.contains(id);
        }

        void appendTo(ObjectNode message) {
            byKind.forEach(message::set);
        }
    }
}
