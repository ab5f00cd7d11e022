package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonObject;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.exchange.evidence.EvidencePackage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The evidence package of one call — what an officer needs to pursue one false alarm under Ley 29924: the call's
 * record and timeline, its recording (when it still matches its checksum), who played it, the prank marks on that
 * number and who made or removed them, the audit trail of both, and the EIDO of its incident when it has one. Signed
 * and verified as the incident's package ({@link pe.centralunica.exchange.evidence.EvidenceVerifier}); every
 * download audited ({@code entity = 'evidence'}, {@code entity_id = 'call:<id>'}).
 */
public final class CallEvidence {

    private final Jdbc jdbc;
    private final EidoExport eido;

    public CallEvidence(Jdbc jdbc, EidoExport eido) {
        this.jdbc = jdbc;
        this.eido = eido;
    }

    /**
     * The archive, or empty when there is no such call or it lies outside {@code scope} (the district of the call, or
     * of its incident while the call's own is unknown — as for playing its recording).
     */
    public Optional<byte[]> call(UUID id, Optional<String> scope, String actor) {
        record Head(String uniqueid, String caller, Long incident) {
        }
        Optional<Head> head = jdbc.tx("finding call " + id + " for its evidence", tx -> tx.one("""
                SELECT c.asterisk_uniqueid, c.caller_number, c.incident_id FROM call c LEFT JOIN incident i ON i.id = c.incident_id
                 WHERE c.id = ? AND (?::text IS NULL OR coalesce(c.district_ubigeo, i.district_ubigeo) = ?::text)""",
                rs -> new Head(rs.getString(1), rs.getString(2), rs.getObject(3) == null ? null : rs.getLong(3)), id, scope, scope));
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Head h = head.get();
        // The incident's EIDO within the same scope: a call may have been linked to an incident the user may not see.
        Optional<JsonObject> incidentEido = h.incident() == null ? Optional.empty() : eido.eidoJson(h.incident(), scope);
        String callKey = id.toString();
        return Optional.of(jdbc.tx("making the evidence package of call " + id, tx -> {
            String record = tx.row("SELECT c.* FROM call c WHERE c.id = ?", id).orElseThrow().encodePrettily();
            String timeline = tx.array("SELECT e.seq, e.at, e.type, e.data FROM call_event e WHERE e.call_id = ? ORDER BY e.seq", id)
                    .encodePrettily();
            String recording = tx.array("""
                    SELECT r.path, r.duration_ms AS "durationMs", r.bytes, r.sha256, r.linked_at AS "linkedAt", r.purged_at AS "purgedAt"
                      FROM call_recording r WHERE r.call_id = ?""", id).encodePrettily();
            String plays = tx.array("SELECT p.at, p.username, p.role FROM recording_play p WHERE p.call_id = ? ORDER BY p.at, p.id", id)
                    .encodePrettily();
            // Marks on the number, not only this call: a false-alarm case rests on the caller's history.
            String marks = tx.array("""
                    SELECT m.id, m.call_id AS "callId", m.call_id = ? AS "thisCall", m.kind, m.marked_by AS "markedBy",
                           m.marked_at AS "markedAt", NULL AS "removedBy", NULL AS "removedAt", NULL AS reason
                      FROM caller_mark m WHERE m.call_id = ? OR m.caller_number = ?
                    UNION ALL
                    SELECT r.id, r.call_id, r.call_id = ?, r.kind, r.marked_by, r.marked_at, r.removed_by, r.removed_at, r.reason
                      FROM caller_mark_removed r WHERE r.call_id = ? OR r.caller_number = ?
                     ORDER BY "markedAt", id""", id, id, h.caller(), id, id, h.caller()).encodePrettily();
            String audit = tx.array("""
                    SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id AS "entityId", a.before, a.after FROM audit_log a
                     WHERE (a.entity = 'call' AND a.entity_id = ?)
                        OR (a.entity = 'call' AND (a.before->>'prank') IS DISTINCT FROM (a.after->>'prank')
                            AND a.entity_id IN (SELECT m.call_id::text FROM caller_mark m WHERE m.caller_number = ?
                                                UNION SELECT r.call_id::text FROM caller_mark_removed r WHERE r.caller_number = ?))
                        OR (a.entity = 'caller_mark' AND (a.entity_id IN (SELECT r.id::text FROM caller_mark_removed r
                                                                          WHERE r.call_id = ? OR r.caller_number = ?)
                                                          OR a.after->>'callId' = ?))
                        OR (a.entity = 'evidence' AND a.entity_id = ?)
                     ORDER BY a.id""", callKey, h.caller(), h.caller(), id, h.caller(), callKey, "call:" + callKey).encodePrettily();
            List<EvidenceRecordings.Recorded> recorded = tx.list("""
                    SELECT c.asterisk_uniqueid, r.path, r.sha256 FROM call_recording r JOIN call c ON c.id = r.call_id
                     WHERE r.call_id = ? AND r.purged_at IS NULL""",
                    rs -> new EvidenceRecordings.Recorded(rs.getString(1), rs.getString(2), rs.getString(3)), id);
            Instant now = Instant.now();
            EvidencePackage pkg = new EvidencePackage("call " + h.uniqueid() + " (" + id + ", Central Única)");
            String missing = EvidenceRecordings.addTo(pkg, recorded);
            pkg.add("call.json", record)
                    .add("timeline.json", timeline)
                    .add("recording.json", recording)
                    .add("recording-plays.json", plays)
                    .add("prank-marks.json", marks)
                    .add("audit-trail.json", audit);
            String incidentLine;
            if (incidentEido.isPresent()) {
                pkg.add("eido.json", incidentEido.get().encodePrettily());
                incidentLine = "eido.json is its incident #" + h.incident() + " as a NENA EIDO.\n";
            } else if (h.incident() != null) {
                incidentLine = "Its incident #" + h.incident() + " lies outside what " + actor + " may see: no eido.json.\n";
            } else {
                incidentLine = "The call is linked to no incident: no eido.json.\n";
            }
            byte[] archive = pkg.add("README.txt", "Evidence package of call " + h.uniqueid() + " (" + id + "), made " + now + " for "
                            + actor + ".\n" + incidentLine
                            + "manifest.txt lists every file's SHA-256; manifest.sig is the HMAC-SHA256 of manifest.txt under the\n"
                            + "centre's evidence key. Verify: EvidenceVerifier (exchange module) with CU_EVIDENCE_KEY_HEX.\n" + missing)
                    .write(EvidenceExport.evidenceKey(tx), now);
            tx.audit(actor, "CREATE", "evidence", "call:" + callKey, null,
                    new JsonObject().put("callId", callKey).put("bytes", archive.length).put("at", now.toString()));
            return archive;
        }));
    }
}
