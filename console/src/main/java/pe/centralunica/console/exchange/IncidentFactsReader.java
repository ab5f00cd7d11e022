package pe.centralunica.console.exchange;

import pe.centralunica.console.store.Tx;
import pe.centralunica.exchange.eido.AgencyFacts;
import pe.centralunica.exchange.eido.AgencyRole;
import pe.centralunica.exchange.eido.CallComponentFacts;
import pe.centralunica.exchange.eido.IncidentFacts;
import pe.centralunica.exchange.eido.NoteFacts;
import pe.centralunica.exchange.eido.Place;
import pe.centralunica.exchange.eido.UnitFacts;
import pe.centralunica.exchange.eido.UnitStatus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one incident with its calls, the agencies it involved, its narrative and the agencies' units, in one
 * transaction, for the EIDO. Agencies involved: those whose targets the routing actually tried, those a dispatcher
 * transferred a call to, and those that reported units of their own.
 */
final class IncidentFactsReader {

    /** Empty when there is no such incident, or it lies outside {@code districtScope}. */
    public Optional<IncidentFacts> read(Tx tx, long id, Optional<String> districtScope) throws SQLException {
        Optional<Head> head = tx.one("""
                SELECT i.emergency_type_code, t.name_es, i.priority, i.status, i.created_at, i.updated_at,
                       i.district_ubigeo, d.name, i.address, i.latitude, i.longitude
                  FROM incident i JOIN emergency_type t ON t.code = i.emergency_type_code
                  LEFT JOIN district d ON d.ubigeo = i.district_ubigeo
                 WHERE i.id = ? AND (?::text IS NULL OR i.district_ubigeo = ?::text)""",
                rs -> new Head(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), instant(rs, 5), instant(rs, 6),
                        new Place(rs.getString(7), rs.getString(8), rs.getString(9), rs.getBigDecimal(10), rs.getBigDecimal(11))),
                id, districtScope.orElse(null), districtScope.orElse(null));
        if (head.isEmpty()) {
            return Optional.empty();
        }
        List<CallComponentFacts> calls = tx.list("""
                SELECT c.id::text, c.asterisk_uniqueid, c.caller_number, c.caller_class, c.language, c.arrived_at,
                       c.answered_at, c.ended_at, c.outcome, c.answered_by, c.panic_device_id,
                       p.district_ubigeo, pd.name, p.address, p.latitude, p.longitude,
                       (SELECT e.data->>'to' FROM call_event e WHERE e.call_id = c.id AND e.type = 'TRANSFERRED'
                         ORDER BY e.seq DESC LIMIT 1)
                  FROM call c LEFT JOIN panic_button p ON p.device_id = c.panic_device_id
                  LEFT JOIN district pd ON pd.ubigeo = p.district_ubigeo
                 WHERE c.incident_id = ? ORDER BY c.arrived_at, c.id""",
                rs -> new CallComponentFacts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        instant(rs, 6), instant(rs, 7), instant(rs, 8), rs.getString(9), rs.getString(10), rs.getString(11),
                        rs.getString(11) == null ? null
                                : new Place(rs.getString(12), rs.getString(13), rs.getString(14), rs.getBigDecimal(15), rs.getBigDecimal(16)),
                        rs.getString(17)), id);
        List<AgencyFacts> agencies = tx.list("""
                SELECT DISTINCT a.code, a.name, a.kind, x.role
                  FROM (SELECT e.data->>'target' AS target, 'ROUTED_TO' AS role
                          FROM call_event e JOIN call c ON c.id = e.call_id
                         WHERE c.incident_id = ? AND e.type = 'TARGET_TRIED'
                        UNION
                        SELECT e.data->>'to', 'TRANSFERRED_TO'
                          FROM call_event e JOIN call c ON c.id = e.call_id
                         WHERE c.incident_id = ? AND e.type = 'TRANSFERRED') x
                  JOIN route_target rt ON rt.code = x.target JOIN agency a ON a.code = rt.agency_code
                 ORDER BY x.role DESC, a.code""",
                rs -> new AgencyFacts(rs.getString(1), rs.getString(2), rs.getString(3), AgencyRole.valueOf(rs.getString(4))), id, id);
        List<AgencyFacts> involved = new ArrayList<>(agencies);
        involved.addAll(tx.list("""
                SELECT DISTINCT a.code, a.name, a.kind FROM incident_unit u JOIN agency a ON a.code = u.agency_code
                 WHERE u.incident_id = ? ORDER BY a.code""",
                rs -> new AgencyFacts(rs.getString(1), rs.getString(2), rs.getString(3), AgencyRole.SENT_UNITS), id));
        List<UnitFacts> units = tx.list("""
                SELECT agency_code, component_id, name, resource_type, status, dispatched_at, en_route_at, on_scene_at,
                       cleared_at, reported_at
                  FROM incident_unit WHERE incident_id = ? ORDER BY coalesce(dispatched_at, reported_at), agency_code, component_id""",
                rs -> new UnitFacts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        UnitStatus.valueOf(rs.getString(5)), instant(rs, 6), instant(rs, 7), instant(rs, 8), instant(rs, 9),
                        instant(rs, 10)), id);
        List<NoteFacts> notes = tx.list("SELECT id, at, author, kind, text FROM incident_note WHERE incident_id = ? ORDER BY at, id",
                rs -> new NoteFacts(rs.getLong(1), instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5)), id);
        Head h = head.get();
        return Optional.of(new IncidentFacts(id, h.type, h.typeName, h.priority, h.status, h.createdAt, h.updatedAt, h.place,
                calls, involved, notes, units));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private record Head(String type, String typeName, int priority, String status, Instant createdAt, Instant updatedAt,
                        Place place) {
    }
}
