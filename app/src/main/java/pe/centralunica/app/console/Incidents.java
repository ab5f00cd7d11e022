package pe.centralunica.app.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.app.http.ApiException;
import pe.centralunica.app.http.BadRequestException;
import pe.centralunica.app.store.Jdbc;
import pe.centralunica.app.store.Tx;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/** Incidents as dispatchers work them: list, read with calls and timelines, edit (audited, valid transitions only). */
public final class Incidents {

    static final String VIEW = """
            SELECT i.id, i.created_at AS "createdAt", i.updated_at AS "updatedAt", i.emergency_type_code AS type,
                   i.priority, i.status, i.district_ubigeo AS district, d.name AS "districtName", i.address,
                   i.latitude, i.longitude, i.notes, i.closed_at AS "closedAt",
                   (SELECT count(*) FROM call c WHERE c.incident_id = i.id) AS calls
              FROM incident i LEFT JOIN district d ON d.ubigeo = i.district_ubigeo""";
    private static final Set<String> EDITABLE = Set.of("type", "priority", "status", "district", "address", "latitude",
            "longitude", "notes");

    private final Jdbc jdbc;

    public Incidents(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The SQL condition (two parameters: the scope twice) keeping a district-scoped user to their district. */
    static final String IN_SCOPE = " AND (?::text IS NULL OR i.district_ubigeo = ?::text)";

    /** Newest first; filters are optional; {@code scope}: the user's district when limited to one. */
    public JsonArray list(Optional<IncidentStatus> status, Optional<String> district, boolean openOnly, int limit,
                          Optional<String> scope) {
        return jdbc.tx("listing incidents", tx -> tx.array(VIEW
                        + " WHERE (?::text IS NULL OR i.status = ?::text) AND (?::text IS NULL OR i.district_ubigeo = ?::text)"
                        + " AND (NOT ? OR i.status <> 'CLOSED')" + IN_SCOPE
                        + " ORDER BY i.created_at DESC, i.id DESC LIMIT ?",
                status.map(Enum::name), status.map(Enum::name), district, district, openOnly, scope, scope, limit));
    }

    /** Empty when there is none, or it lies outside {@code scope} (not revealed either way). */
    public Optional<JsonObject> get(long id, Optional<String> scope) {
        return jdbc.tx("reading incident #" + id, tx -> {
            Optional<JsonObject> incident = tx.row(VIEW + " WHERE i.id = ?" + IN_SCOPE, id, scope, scope);
            if (incident.isEmpty()) {
                return incident;
            }
            JsonArray calls = tx.array(Calls.VIEW + " WHERE c.incident_id = ? ORDER BY c.arrived_at", id);
            for (Object o : calls) {
                JsonObject call = (JsonObject) o;
                call.put("timeline", tx.array("SELECT seq, at, type, data FROM call_event WHERE call_id = ?::uuid ORDER BY seq",
                        call.getString("id")));
            }
            return Optional.of(incident.get().put("callList", calls));
        });
    }

    /** A new incident (e.g. for a call the IVR could not classify). */
    public JsonObject create(JsonObject fields, String actor) {
        String type = fields.getString("type", "UNKNOWN");
        return jdbc.tx("creating an incident", tx -> {
            int priority = fields.containsKey("priority") ? priority(fields)
                    : tx.one("SELECT default_priority FROM emergency_type WHERE code = ?", rs -> rs.getInt(1), type)
                    .orElseThrow(() -> new BadRequestException("unknown emergency type '" + type + "'"));
            long id = tx.one("INSERT INTO incident (emergency_type_code, priority, district_ubigeo, address, latitude, longitude, notes)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", rs -> rs.getLong(1), type, priority,
                    fields.getString("district"), fields.getString("address"), coordinate(fields, "latitude", 90),
                    coordinate(fields, "longitude", 180), fields.getString("notes", "")).orElseThrow();
            JsonObject after = tx.row(VIEW + " WHERE i.id = ?", id).orElseThrow();
            tx.audit(actor, "CREATE", "incident", Long.toString(id), null, after);
            return after;
        });
    }

    /** Applies the fields present in {@code patch}; refuses unknown fields, bad values and skipped transitions. */
    public Optional<JsonObject> update(long id, JsonObject patch, String actor, Optional<String> scope) {
        for (String key : patch.fieldNames()) {
            if (!EDITABLE.contains(key)) {
                throw new BadRequestException("'" + key + "' cannot be edited; editable: " + String.join(", ", EDITABLE.stream().sorted().toList()));
            }
        }
        return jdbc.tx("updating incident #" + id, tx -> {
            Optional<JsonObject> found = tx.row(VIEW + " WHERE i.id = ?" + IN_SCOPE + " FOR UPDATE OF i", id, scope, scope);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            JsonObject before = found.get();
            IncidentStatus from = IncidentStatus.valueOf(before.getString("status"));
            IncidentStatus to = from;
            if (patch.containsKey("status")) {
                to = IncidentStatus.parse(String.valueOf(patch.getValue("status"))).orElseThrow(() -> new BadRequestException(
                        "unknown status '" + patch.getValue("status") + "'; use NEW, DISPATCHED, ON_SCENE or CLOSED"));
                if (!from.mayBecome(to)) {
                    throw new ApiException(409, "incident #" + id + " is " + from + "; it cannot become " + to
                            + " (NEW → DISPATCHED → ON_SCENE → CLOSED)");
                }
            }
            if (from == IncidentStatus.CLOSED && !(patch.size() == 1 && to == IncidentStatus.CLOSED && patch.containsKey("status"))) {
                throw new ApiException(409, "incident #" + id + " is closed; it cannot be edited");
            }
            tx.update("""
                    UPDATE incident SET emergency_type_code = ?, priority = ?, status = ?, district_ubigeo = ?, address = ?,
                           latitude = ?, longitude = ?, notes = ?, updated_at = now(),
                           closed_at = CASE WHEN ? = 'CLOSED' THEN coalesce(closed_at, now()) ELSE NULL END
                     WHERE id = ?""",
                    patch.getString("type", before.getString("type")),
                    patch.containsKey("priority") ? priority(patch) : before.getInteger("priority"),
                    to.name(),
                    patch.containsKey("district") ? patch.getString("district") : before.getString("district"),
                    patch.containsKey("address") ? text(patch, "address", 300) : before.getString("address"),
                    patch.containsKey("latitude") ? coordinate(patch, "latitude", 90) : decimal(before.getValue("latitude")),
                    patch.containsKey("longitude") ? coordinate(patch, "longitude", 180) : decimal(before.getValue("longitude")),
                    patch.containsKey("notes") ? text(patch, "notes", 10_000) : before.getString("notes"),
                    to.name(), id);
            JsonObject after = tx.row(VIEW + " WHERE i.id = ?", id).orElseThrow();
            tx.audit(actor, "UPDATE", "incident", Long.toString(id), before, after);
            return Optional.of(after);
        });
    }

    /** Whether the incident exists within {@code scope} (a transfer carries only incidents its sender may see). */
    public boolean visible(long id, Optional<String> scope) {
        return jdbc.tx("checking incident #" + id, tx -> exists(tx, id, scope));
    }

    static boolean exists(Tx tx, long id, Optional<String> scope) throws SQLException {
        return tx.one("SELECT 1 FROM incident i WHERE i.id = ?" + IN_SCOPE, rs -> true, id, scope, scope).isPresent();
    }

    private static int priority(JsonObject o) {
        if (!(o.getValue("priority") instanceof Number n) || n.intValue() < 1 || n.intValue() > 5 || n.doubleValue() != n.intValue()) {
            throw new BadRequestException("'priority' must be a whole number from 1 (most urgent) to 5");
        }
        return n.intValue();
    }

    private static BigDecimal coordinate(JsonObject o, String key, int bound) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || Math.abs(n.doubleValue()) > bound) {
            throw new BadRequestException("'" + key + "' must be a number between -" + bound + " and " + bound);
        }
        return BigDecimal.valueOf(n.doubleValue());
    }

    private static BigDecimal decimal(Object v) {
        return v == null ? null : new BigDecimal(v.toString());
    }

    private static String text(JsonObject o, String key, int max) {
        Object v = o.getValue(key);
        if (v != null && !(v instanceof String)) {
            throw new BadRequestException("'" + key + "' must be text");
        }
        String s = (String) v;
        if (s != null && s.length() > max) {
            throw new BadRequestException("'" + key + "' is longer than " + max + " characters");
        }
        return s;
    }
}
