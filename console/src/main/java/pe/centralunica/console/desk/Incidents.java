package pe.centralunica.console.desk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.console.http.ApiException;
import pe.centralunica.console.http.FieldErrors;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.console.store.Tx;

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
            // Which recordings this user may hear: the rule of Recordings.open (a district-scoped user only those
            // of their district), so the page offers a player only where playback answers 200.
            Set<String> audible = new java.util.HashSet<>(tx.list("""
                    SELECT r.call_id::text FROM call_recording r JOIN call c ON c.id = r.call_id JOIN incident i ON i.id = c.incident_id
                     WHERE c.incident_id = ? AND r.purged_at IS NULL
                       AND (?::text IS NULL OR coalesce(c.district_ubigeo, i.district_ubigeo) = ?::text)""",
                    rs -> rs.getString(1), id, scope, scope));
            for (Object o : calls) {
                JsonObject call = (JsonObject) o;
                call.put("timeline", tx.array("SELECT seq, at, type, data FROM call_event WHERE call_id = ?::uuid ORDER BY seq",
                        call.getString("id")));
                call.put("recording", audible.contains(call.getString("id")));
            }
            // Units the agencies reported through the exchange (EIDO), as last reported.
            JsonArray units = tx.array("""
                    SELECT agency_code AS agency, component_id AS "unitId", name, resource_type AS type, status,
                           dispatched_at AS "dispatchedAt", en_route_at AS "enRouteAt", on_scene_at AS "onSceneAt",
                           cleared_at AS "clearedAt", reported_at AS "reportedAt"
                      FROM incident_unit WHERE incident_id = ? ORDER BY coalesce(dispatched_at, reported_at), agency_code, component_id""", id);
            return Optional.of(incident.get().put("callList", calls).put("units", units));
        });
    }

    /**
     * A new incident (a walk-in, a radio report, a call the IVR could not classify). {@code type} is required; every
     * field is checked before anything is written, and all problems come back together ({@link FieldErrors}).
     */
    public JsonObject create(JsonObject fields, String actor) {
        FieldErrors errors = new FieldErrors();
        for (String key : fields.fieldNames()) {
            if (!EDITABLE.contains(key) || key.equals("status")) {
                errors.add(key, "is not a field of a new incident; send " + String.join(", ",
                        EDITABLE.stream().filter(k -> !k.equals("status")).sorted().toList()));
            }
        }
        if (!fields.containsKey("type")) {
            errors.add("type", "is required: an emergency type code such as FIRE, CRIME or MEDICAL");
        }
        Checked checked = check(fields, errors);
        return jdbc.tx("creating an incident", tx -> {
            checkReferences(tx, checked, errors);
            errors.throwIfAny();
            int priority = checked.priority != null ? checked.priority
                    : tx.one("SELECT default_priority FROM emergency_type WHERE code = ?", rs -> rs.getInt(1), checked.type).orElseThrow();
            long id = tx.one("INSERT INTO incident (emergency_type_code, priority, district_ubigeo, address, latitude, longitude, notes)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", rs -> rs.getLong(1), checked.type, priority,
                    checked.district, checked.address, checked.latitude, checked.longitude,
                    checked.notes == null ? "" : checked.notes).orElseThrow();
            JsonObject after = tx.row(VIEW + " WHERE i.id = ?", id).orElseThrow();
            tx.audit(actor, "CREATE", "incident", Long.toString(id), null, after);
            return after;
        });
    }

    /** The values of the fields present, converted; each bad one is recorded in {@code errors} instead. */
    private record Checked(String type, Integer priority, String district, String address, BigDecimal latitude,
                           BigDecimal longitude, String notes) {
    }

    private static Checked check(JsonObject o, FieldErrors errors) {
        String type = null;
        if (o.containsKey("type")) {
            if (o.getValue("type") instanceof String t && t.matches("[A-Z_]{1,40}")) {
                type = t;
            } else {
                errors.add("type", "must be an emergency type code such as FIRE, CRIME or MEDICAL");
            }
        }
        Integer priority = null;
        if (o.containsKey("priority")) {
            if (o.getValue("priority") instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 1 && n.intValue() <= 5) {
                priority = n.intValue();
            } else {
                errors.add("priority", "must be a whole number from 1 (most urgent) to 5");
            }
        }
        String district = null;
        if (o.containsKey("district") && o.getValue("district") != null) {
            if (o.getValue("district") instanceof String d && d.matches("[0-9]{6}")) {
                district = d;
            } else {
                errors.add("district", "must be a six-digit UBIGEO district code such as 150122");
            }
        }
        return new Checked(type, priority, district, text(o, "address", 300, errors), coordinate(o, "latitude", 90, errors),
                coordinate(o, "longitude", 180, errors), text(o, "notes", 10_000, errors));
    }

    /** The codes given exist (in the same transaction that writes them). */
    private static void checkReferences(Tx tx, Checked c, FieldErrors errors) throws SQLException {
        if (c.type != null && tx.one("SELECT 1 FROM emergency_type WHERE code = ?", rs -> true, c.type).isEmpty()) {
            errors.add("type", "unknown emergency type '" + c.type + "'");
        }
        if (c.district != null && tx.one("SELECT 1 FROM district WHERE ubigeo = ?", rs -> true, c.district).isEmpty()) {
            errors.add("district", "unknown district '" + c.district + "'");
        }
    }

    /** Applies the fields present in {@code patch}; refuses unknown fields, bad values and skipped transitions. */
    public Optional<JsonObject> update(long id, JsonObject patch, String actor, Optional<String> scope) {
        FieldErrors errors = new FieldErrors();
        for (String key : patch.fieldNames()) {
            if (!EDITABLE.contains(key)) {
                errors.add(key, "cannot be edited; editable: " + String.join(", ", EDITABLE.stream().sorted().toList()));
            }
        }
        Checked checked = check(patch, errors);
        IncidentStatus requested = null;
        if (patch.containsKey("status")) {
            requested = IncidentStatus.parse(String.valueOf(patch.getValue("status"))).orElse(null);
            if (requested == null) {
                errors.add("status", "must be NEW, DISPATCHED, ON_SCENE or CLOSED");
            }
        }
        errors.throwIfAny();
        IncidentStatus requestedStatus = requested;
        return jdbc.tx("updating incident #" + id, tx -> {
            Optional<JsonObject> found = tx.row(VIEW + " WHERE i.id = ?" + IN_SCOPE + " FOR UPDATE OF i", id, scope, scope);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            checkReferences(tx, checked, errors);
            errors.throwIfAny();
            JsonObject before = found.get();
            IncidentStatus from = IncidentStatus.valueOf(before.getString("status"));
            IncidentStatus to = requestedStatus == null ? from : requestedStatus;
            if (requestedStatus != null && !from.mayBecome(to)) {
                throw new ApiException(409, "incident #" + id + " is " + from + "; it cannot become " + to
                        + " (NEW → DISPATCHED → ON_SCENE → CLOSED)");
            }
            if (from == IncidentStatus.CLOSED && !(patch.size() == 1 && to == IncidentStatus.CLOSED && patch.containsKey("status"))) {
                throw new ApiException(409, "incident #" + id + " is closed; it cannot be edited");
            }
            tx.update("""
                    UPDATE incident SET emergency_type_code = ?, priority = ?, status = ?, district_ubigeo = ?, address = ?,
                           latitude = ?, longitude = ?, notes = ?, updated_at = now(),
                           closed_at = CASE WHEN ? = 'CLOSED' THEN coalesce(closed_at, now()) ELSE NULL END
                     WHERE id = ?""",
                    patch.containsKey("type") ? checked.type : before.getString("type"),
                    patch.containsKey("priority") ? checked.priority : before.getInteger("priority"),
                    to.name(),
                    patch.containsKey("district") ? checked.district : before.getString("district"),
                    patch.containsKey("address") ? checked.address : before.getString("address"),
                    patch.containsKey("latitude") ? checked.latitude : decimal(before.getValue("latitude")),
                    patch.containsKey("longitude") ? checked.longitude : decimal(before.getValue("longitude")),
                    patch.containsKey("notes") ? checked.notes : before.getString("notes"),
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

    private static BigDecimal coordinate(JsonObject o, String key, int bound, FieldErrors errors) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || Math.abs(n.doubleValue()) > bound) {
            errors.add(key, "must be a number between -" + bound + " and " + bound + (v instanceof String ? ", not text" : ""));
            return null;
        }
        return BigDecimal.valueOf(n.doubleValue());
    }

    private static BigDecimal decimal(Object v) {
        return v == null ? null : new BigDecimal(v.toString());
    }

    private static String text(JsonObject o, String key, int max, FieldErrors errors) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            errors.add(key, "must be text");
            return null;
        }
        if (s.length() > max) {
            errors.add(key, "is longer than " + max + " characters");
            return null;
        }
        if (s.indexOf('\u0000') >= 0) {
            errors.add(key, "must not contain NUL characters");
            return null;
        }
        return s;
    }
}
