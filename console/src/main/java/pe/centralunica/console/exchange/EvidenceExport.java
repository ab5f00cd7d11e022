package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonObject;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.exchange.evidence.EvidencePackage;

import java.time.Instant;
import java.util.List;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The evidence package of an incident — what an officer needs to pursue a false alarm under Ley 29924, or an
 * agency to review a response: its EIDO, every call's timeline, the audit trail of who changed or marked what,
 * its narrative, the calls' recordings (when they still match the checksum taken when linked), signed. Every
 * download is itself audited.
 */
public final class EvidenceExport {

    private final Jdbc jdbc;
    private final EidoExport eido;

    public EvidenceExport(Jdbc jdbc, EidoExport eido) {
        this.jdbc = jdbc;
        this.eido = eido;
    }

    /** The archive, or empty when there is no such incident (or it lies outside {@code scope}). */
    public Optional<byte[]> incident(long id, Optional<String> scope, String actor) {
        Optional<JsonObject> message = eido.eidoJson(id, scope);
        if (message.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(jdbc.tx("making the evidence package of incident #" + id, tx -> {
            String timeline = tx.array("""
                    SELECT c.id AS "callId", c.asterisk_uniqueid AS uniqueid, e.seq, e.at, e.type, e.data
                      FROM call c JOIN call_event e ON e.call_id = c.id WHERE c.incident_id = ? ORDER BY c.arrived_at, c.id, e.seq""", id)
                    .encodePrettily();
            String audit = tx.array("""
                    SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id AS "entityId", a.before, a.after FROM audit_log a
                     WHERE (a.entity = 'incident' AND a.entity_id = ?::text)
                        OR (a.entity = 'incident_note' AND a.entity_id IN (SELECT n.id::text FROM incident_note n WHERE n.incident_id = ?))
                        OR (a.entity IN ('call', 'caller_mark') AND a.entity_id IN (SELECT c.id::text FROM call c WHERE c.incident_id = ?))
                        OR (a.entity = 'caller_mark' AND (a.after->>'callId') IN (SELECT c.id::text FROM call c WHERE c.incident_id = ?))
                        OR (a.entity = 'evidence' AND a.entity_id = ?::text)
                     ORDER BY a.id""", id, id, id, id, id).encodePrettily();
            String marks = tx.array("""
                    SELECT m.caller_number AS caller, m.call_id AS "callId", m.kind, m.marked_by AS "markedBy", m.marked_at AS "markedAt"
                      FROM caller_mark m JOIN call c ON c.id = m.call_id WHERE c.incident_id = ? ORDER BY m.marked_at""", id).encodePrettily();
            String narrative = tx.array("SELECT id, at, author, kind, text FROM incident_note WHERE incident_id = ? ORDER BY at, id", id)
                    .encodePrettily();
            List<EvidenceRecordings.Recorded> recorded = tx.list("""
                    SELECT c.asterisk_uniqueid, r.path, r.sha256 FROM call_recording r JOIN call c ON c.id = r.call_id
                     WHERE c.incident_id = ? AND r.purged_at IS NULL ORDER BY c.arrived_at""",
                    rs -> new EvidenceRecordings.Recorded(rs.getString(1), rs.getString(2), rs.getString(3)), id);
            byte[] key = evidenceKey(tx);
            Instant now = Instant.now();
            EvidencePackage pkg = new EvidencePackage("incident " + id + " (Central Única)");
            String missing = EvidenceRecordings.addTo(pkg, recorded);
            byte[] archive = pkg
                    .add("eido.json", message.get().encodePrettily())
                    .add("timeline.json", timeline)
                    .add("narrative.json", narrative)
                    .add("prank-marks.json", marks)
                    .add("audit-trail.json", audit)
                    .add("README.txt", "Evidence package of incident " + id + ", made " + now + " for " + actor + ".\n"
                            + "manifest.txt lists every file's SHA-256; manifest.sig is the HMAC-SHA256 of manifest.txt under the\n"
                            + "centre's evidence key. Verify: EvidenceVerifier (exchange module) with CU_EVIDENCE_KEY_HEX.\n"
                            + missing)
                    .write(key, now);
            tx.audit(actor, "CREATE", "evidence", Long.toString(id), null,
                    new JsonObject().put("incidentId", id).put("bytes", archive.length).put("at", now.toString()));
            return archive;
        }));
    }

    /** The centre's evidence key (made once in the database, V72). */
    static byte[] evidenceKey(pe.centralunica.console.store.Tx tx) throws java.sql.SQLException {
        return HexFormat.of().parseHex(tx.one("SELECT key_hex FROM evidence_key WHERE id = 1", rs -> rs.getString(1)).orElseThrow());
    }
}
