package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonObject;
import pe.centralunica.console.http.BadRequestException;
import pe.centralunica.console.store.Tx;
import pe.centralunica.exchange.eido.UnitFacts;
import pe.centralunica.exchange.eido.UnitStatus;
import tools.jackson.databind.JsonNode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * The units in an agency's EIDO ({@code emergencyResourceComponent}), applied to an incident. An agency speaks for its
 * own units only: a unit is keyed by (agency, the agency's component id), and a unit of another agency echoed back
 * unchanged is ignored, changed is a conflict. A report older than the one held ({@code lastUpdateTimeStamp}), or a
 * different one with the same time, is a conflict too; the same report again changes nothing. Conflicts go to the
 * caller's result and the incident's narrative, never over the stored unit.
 */
final class UnitImport {

    /** What a unit component says. */
    private record Reported(String name, String type, UnitStatus status, Instant dispatchedAt, Instant enRouteAt,
                            Instant onSceneAt, Instant clearedAt, Instant reportedAt) {

        /** The same unit, status and times (whatever the report's own time). */
        boolean sameAs(Reported o) {
            return name.equals(o.name) && type.equals(o.type) && status == o.status && Objects.equals(dispatchedAt, o.dispatchedAt)
                    && Objects.equals(enRouteAt, o.enRouteAt) && Objects.equals(onSceneAt, o.onSceneAt)
                    && Objects.equals(clearedAt, o.clearedAt);
        }

        /** This report over {@code held}: times it leaves out are kept; the time of its status is the report's, if not given. */
        Reported over(Reported held) {
            return new Reported(name, type, status,
                    first(dispatchedAt, held == null ? null : held.dispatchedAt, status == UnitStatus.DISPATCHED ? reportedAt : null),
                    first(enRouteAt, held == null ? null : held.enRouteAt, status == UnitStatus.EN_ROUTE ? reportedAt : null),
                    first(onSceneAt, held == null ? null : held.onSceneAt, status == UnitStatus.ON_SCENE ? reportedAt : null),
                    first(clearedAt, held == null ? null : held.clearedAt, status == UnitStatus.CLEARED ? reportedAt : null),
                    reportedAt);
        }

        JsonObject json() {
            return new JsonObject().put("name", name).put("type", type).put("status", status.name())
                    .put("dispatchedAt", text(dispatchedAt)).put("enRouteAt", text(enRouteAt)).put("onSceneAt", text(onSceneAt))
                    .put("clearedAt", text(clearedAt)).put("reportedAt", text(reportedAt));
        }

        private static Instant first(Instant a, Instant b, Instant c) {
            return a != null ? a : b != null ? b : c;
        }

        private static String text(Instant t) {
            return t == null ? null : t.toString();
        }
    }

    private record Held(String agency, String componentId, Reported unit) {
    }

    /** Applies every unit of {@code message}; counts go to {@code result}, conflicts to its "conflicts" array. */
    void apply(Tx tx, String agency, long incident, JsonNode message, String actor, JsonObject result) throws SQLException {
        int added = 0;
        int updated = 0;
        for (JsonNode component : message.path("emergencyResourceComponent")) {
            String id = component.get("$id").asString();
            Reported theirs = read(component, id);
            Optional<Held> held = held(tx, incident, agency, id);
            if (held.isPresent() && !held.get().agency().equals(agency)) {
                if (!theirs.over(held.get().unit()).sameAs(held.get().unit())) {
                    conflict(tx, incident, actor, result, held.get(), theirs, "unit " + held.get().unit().name() + " belongs to "
                            + held.get().agency() + "; only " + held.get().agency() + " reports on it");
                }
                continue;
            }
            String key = held.map(Held::componentId).orElse(id);
            if (key.length() > 150) {
                throw new BadRequestException("emergencyResourceComponent " + id + ": keep unit ids to 150 characters");
            }
            if (held.isEmpty()) {
                Reported unit = theirs.over(null);
                tx.update("""
                        INSERT INTO incident_unit (incident_id, agency_code, component_id, name, resource_type, status, dispatched_at,
                                                   en_route_at, on_scene_at, cleared_at, reported_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", incident, agency, key, unit.name(), unit.type(),
                        unit.status().name(), ts(unit.dispatchedAt()), ts(unit.enRouteAt()), ts(unit.onSceneAt()),
                        ts(unit.clearedAt()), ts(unit.reportedAt()));
                tx.audit(actor, "CREATE", "incident_unit", auditId(incident, agency, key), null,
                        unit.json().put("incidentId", incident).put("eidoComponent", id));
                added++;
                continue;
            }
            Reported ours = held.get().unit();
            Reported merged = theirs.over(ours);
            int age = theirs.reportedAt().compareTo(ours.reportedAt());
            if (age < 0 || (age == 0 && !merged.sameAs(ours))) {
                if (!merged.sameAs(ours)) {
                    conflict(tx, incident, actor, result, held.get(), theirs, age < 0
                            ? "this report (" + theirs.reportedAt() + ") is older than the one held (" + ours.reportedAt() + ")"
                            : "a different report with the same time as the one held (" + ours.reportedAt() + ")");
                }
                continue;
            }
            if (age == 0) {
                continue; // the same report again: a re-delivery
            }
            tx.update("""
                    UPDATE incident_unit SET name = ?, resource_type = ?, status = ?, dispatched_at = ?, en_route_at = ?,
                           on_scene_at = ?, cleared_at = ?, reported_at = ?, updated_at = now()
                     WHERE incident_id = ? AND agency_code = ? AND component_id = ?""", merged.name(), merged.type(),
                    merged.status().name(), ts(merged.dispatchedAt()), ts(merged.enRouteAt()), ts(merged.onSceneAt()),
                    ts(merged.clearedAt()), ts(merged.reportedAt()), incident, agency, key);
            tx.audit(actor, "UPDATE", "incident_unit", auditId(incident, agency, key), ours.json(),
                    merged.json().put("incidentId", incident).put("eidoComponent", id));
            updated++;
        }
        result.put("unitsAdded", added).put("unitsUpdated", updated);
    }

    /** The stored unit a component id names: the agency's own id, or the id our EIDO gave it (any agency's). */
    private static Optional<Held> held(Tx tx, long incident, String agency, String id) throws SQLException {
        Optional<Held> own = tx.one("SELECT " + COLUMNS + " FROM incident_unit WHERE incident_id = ? AND agency_code = ? AND component_id = ?"
                + " FOR UPDATE", UnitImport::held, incident, agency, id);
        if (own.isPresent()) {
            return own;
        }
        return tx.one("SELECT " + COLUMNS + " FROM incident_unit WHERE incident_id = ? AND 'unit-' || agency_code || '-' || component_id = ?"
                + " FOR UPDATE", UnitImport::held, incident, id);
    }

    private static final String COLUMNS = "agency_code, component_id, name, resource_type, status, dispatched_at, en_route_at,"
            + " on_scene_at, cleared_at, reported_at";

    private static Held held(ResultSet rs) throws SQLException {
        return new Held(rs.getString(1), rs.getString(2), new Reported(rs.getString(3), rs.getString(4),
                UnitStatus.valueOf(rs.getString(5)), instant(rs, 6), instant(rs, 7), instant(rs, 8), instant(rs, 9), instant(rs, 10)));
    }

    private static void conflict(Tx tx, long incident, String actor, JsonObject result, Held held, Reported theirs, String reason)
            throws SQLException {
        String unit = UnitFacts.exportId(held.agency(), held.componentId());
        result.getJsonArray("conflicts").add(new JsonObject().put("field", "unit").put("unit", unit)
                .put("ours", held.unit().status().name()).put("theirs", theirs.status().name()).put("reason", reason));
        tx.update("INSERT INTO incident_note (incident_id, author, kind, text) VALUES (?, ?, 'NOTE', ?)", incident, actor,
                "Conflicto: " + actor + " informó la unidad " + held.unit().name() + " (" + unit + ") en estado " + theirs.status()
                        + " (registrada: " + held.unit().status() + "): " + reason);
    }

    private static Reported read(JsonNode c, String id) {
        String statusText = c.get("primaryUnitStatusRegistryText").asString();
        UnitStatus status = UnitStatus.fromEido(statusText)
                .orElseThrow(() -> new BadRequestException("emergencyResourceComponent " + id + ": unknown status " + statusText));
        return new Reported(c.get("emergencyResourceName").asString(), c.get("emergencyResourceTypeCommonRegistryText").asString(),
                status, time(c, "unitDispatchedTimeStamp", id), time(c, "unitEnrouteTimeStamp", id), time(c, "unitOnSceneTimeStamp", id),
                time(c, "unitClearedTimeStamp", id), time(c, "lastUpdateTimeStamp", id));
    }

    private static Instant time(JsonNode c, String field, String id) {
        JsonNode v = c.get(field);
        if (v == null) {
            return null;
        }
        try {
            // Kept to the millisecond, as PostgreSQL keeps microseconds and our EIDO writes milliseconds.
            return java.time.OffsetDateTime.parse(v.asString()).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("emergencyResourceComponent " + id + "." + field + ": " + e.getMessage());
        }
    }

    private static String auditId(long incident, String agency, String key) {
        return incident + "/" + UnitFacts.exportId(agency, key);
    }

    private static Timestamp ts(Instant t) {
        return t == null ? null : Timestamp.from(t);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
