package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.console.desk.IncidentStatus;
import pe.centralunica.console.http.ApiException;
import pe.centralunica.console.http.BadRequestException;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.console.store.Tx;
import pe.centralunica.exchange.eido.EidoSchema;
import tools.jackson.databind.JsonNode;

import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an agency does with its token: list its incidents, pull one as EIDO, push an EIDO back. A pushed EIDO
 * adds the agency's new notes (once per component id), reports its units ({@link UnitImport}) and may move the
 * status; a status change based on an older version of the incident than ours is a conflict: reported to the
 * agency (409) and written into the incident's narrative for the dispatcher, never applied over the newer state.
 */
public final class AgencyApi {

    private static final Map<String, IncidentStatus> STATUS = Map.of("Received", IncidentStatus.NEW,
            "Dispatched", IncidentStatus.DISPATCHED, "OnScene", IncidentStatus.ON_SCENE, "Closed", IncidentStatus.CLOSED);

    private final Jdbc jdbc;
    private final EidoExport eido;
    private final EidoSchema schema;
    private final UnitImport units = new UnitImport();

    public AgencyApi(Jdbc jdbc, EidoExport eido, EidoSchema schema) {
        this.jdbc = jdbc;
        this.eido = eido;
        this.schema = schema;
    }

    public JsonArray incidents(String agency, boolean openOnly) {
        return jdbc.tx("listing agency " + agency + "'s incidents", tx -> tx.array("""
                SELECT i.id, i.status, i.emergency_type_code AS type, i.district_ubigeo AS district,
                       i.created_at AS "createdAt", i.updated_at AS "updatedAt"
                  FROM incident i WHERE (NOT ? OR i.status <> 'CLOSED') AND""" + AgencyScope.VISIBLE
                + " ORDER BY i.updated_at DESC, i.id DESC LIMIT 500", openOnly, agency));
    }

    public JsonObject eido(String agency, long incident) {
        if (!visible(agency, incident)) {
            throw notFound(incident);
        }
        return eido.eidoJson(incident, Optional.empty()).orElseThrow(() -> notFound(incident));
    }

    /** Applies an agency's EIDO; returns what was applied, or throws 409 carrying the conflicts (and what was applied). */
    public JsonObject push(String agency, long incident, byte[] body) {
        JsonNode message = AgencyText.read(body);
        List<String> problems = schema.problems(message);
        if (!problems.isEmpty()) {
            throw new ApiException(400, "the EIDO does not validate", new JsonObject().put("problems", new JsonArray(problems)));
        }
        JsonNode inc = message.get("incidentComponent").get(0);
        String tracking = Exchange.SENDING_SYSTEM + ":incident:" + incident;
        if (!tracking.equals(inc.get("incidentTrackingIdentifier").asString())) {
            throw new BadRequestException("incidentTrackingIdentifier must be " + tracking + " for this URL");
        }
        if (!visible(agency, incident)) {
            throw notFound(incident);
        }
        String actor = "agency:" + agency;
        JsonObject outcome = jdbc.tx("importing agency " + agency + "'s EIDO for incident #" + incident, tx -> {
            JsonObject result = new JsonObject().put("notesAdded", 0).put("conflicts", new JsonArray());
            addNotes(tx, agency, incident, message, actor, result);
            units.apply(tx, agency, incident, message, actor, result);
            applyStatus(tx, incident, inc, actor, result);
            return result;
        });
        if (!outcome.getJsonArray("conflicts").isEmpty()) {
            throw new ApiException(409, "part of the update conflicts with newer changes at Central Única; nothing of it was overwritten",
                    outcome);
        }
        return outcome;
    }

    private static void addNotes(Tx tx, String agency, long incident, JsonNode message, String actor, JsonObject result)
            throws SQLException {
        JsonNode notes = message.path("notesComponent");
        int added = 0;
        for (JsonNode note : notes) {
            String id = note.get("$id").asString();
            if (id.startsWith("note-")) {
                continue; // one of ours, echoed back
            }
            boolean fresh = tx.update("INSERT INTO agency_import (agency_code, component_id, incident_id) VALUES (?, ?, ?)"
                    + " ON CONFLICT DO NOTHING", agency, id, incident) == 1;
            if (!fresh) {
                continue;
            }
            long noteId = tx.one("INSERT INTO incident_note (incident_id, author, kind, text) VALUES (?, ?, 'NOTE', ?) RETURNING id",
                    rs -> rs.getLong(1), incident, actor, note.get("noteText").asString()).orElseThrow();
            tx.update("UPDATE agency_import SET note_id = ? WHERE agency_code = ? AND incident_id = ? AND component_id = ?",
                    noteId, agency, incident, id);
            tx.audit(actor, "CREATE", "incident_note", Long.toString(noteId), null,
                    new JsonObject().put("incidentId", incident).put("text", note.get("noteText").asString()).put("eidoComponent", id));
            added++;
        }
        result.put("notesAdded", added);
    }

    private static void applyStatus(Tx tx, long incident, JsonNode inc, String actor, JsonObject result) throws SQLException {
        String text = inc.get("incidentStatusCommonRegistryText").get(0).asString();
        IncidentStatus wanted = STATUS.get(text);
        record Current(IncidentStatus status, Instant updatedAt) {
        }
        Current now = tx.one("SELECT status, updated_at FROM incident WHERE id = ? FOR UPDATE",
                rs -> new Current(IncidentStatus.valueOf(rs.getString(1)), rs.getTimestamp(2).toInstant()), incident).orElseThrow();
        if (wanted == now.status()) {
            return;
        }
        Instant basedOn;
        try {
            basedOn = Instant.parse(inc.get("lastUpdateTimeStamp").asString());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("incidentComponent.lastUpdateTimeStamp: " + e.getMessage());
        }
        String conflict = null;
        if (now.updatedAt().truncatedTo(ChronoUnit.MILLIS).isAfter(basedOn)) {
            conflict = "the incident changed at " + now.updatedAt().truncatedTo(ChronoUnit.MILLIS) + ", after the version this update is based on ("
                    + basedOn + ")";
        } else if (!now.status().mayBecome(wanted)) {
            conflict = "an incident that is " + now.status() + " cannot become " + wanted;
        }
        if (conflict != null) {
            result.getJsonArray("conflicts").add(new JsonObject().put("field", "status").put("ours", now.status().name())
                    .put("theirs", wanted.name()).put("reason", conflict));
            tx.update("INSERT INTO incident_note (incident_id, author, kind, text) VALUES (?, ?, 'NOTE', ?)", incident, actor,
                    "Conflicto: " + actor + " propuso el estado " + wanted + " (el incidente está " + now.status() + "): " + conflict);
            return;
        }
        tx.update("UPDATE incident SET status = ?, updated_at = now(),"
                + " closed_at = CASE WHEN ? = 'CLOSED' THEN coalesce(closed_at, now()) ELSE NULL END WHERE id = ?",
                wanted.name(), wanted.name(), incident);
        tx.audit(actor, "UPDATE", "incident", Long.toString(incident), new JsonObject().put("status", now.status().name()),
                new JsonObject().put("status", wanted.name()));
        result.put("status", wanted.name());
    }

    private boolean visible(String agency, long incident) {
        return jdbc.tx("checking agency " + agency + "'s scope", tx ->
                tx.one("SELECT 1 FROM incident i WHERE i.id = ? AND" + AgencyScope.VISIBLE, rs -> true, incident, agency).isPresent());
    }

    private static ApiException notFound(long incident) {
        return new ApiException(404, "no incident #" + incident + " for this agency");
    }
}
