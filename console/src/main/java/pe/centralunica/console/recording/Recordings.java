package pe.centralunica.console.recording;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.console.http.ApiException;
import pe.centralunica.console.security.User;
import pe.centralunica.console.store.Jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Recordings linked to their calls: {@link #link} finds the files of ended calls (path, duration, SHA-256),
 * {@link #purge} applies the retention policy, {@link #open} lets a user who may hear a call have its file — a
 * supervisor within their scope, a dispatcher only for a call of their own district — and records every play.
 */
public final class Recordings {

    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);

    /** A recording a user may play now. */
    public record Playable(Path file, long bytes) {
    }

    private static final java.time.Duration SETTLED = java.time.Duration.ofSeconds(5);

    private final Jdbc jdbc;
    private final RecordingSettings settings;

    public Recordings(Jdbc jdbc, RecordingSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Links the finished recordings of recent calls that have none yet; returns how many. */
    public int link() {
        if (settings.directory().isEmpty()) {
            return 0;
        }
        Path dir = settings.directory().get();
        record Recent(UUID id, String uniqueid, boolean ended) {
        }
        List<Recent> calls = jdbc.tx("finding calls to link recordings to", tx -> tx.list("""
                SELECT c.id, c.asterisk_uniqueid, c.ended_at IS NOT NULL FROM call c
                 WHERE (c.arrived_at > now() - interval '2 hours' OR c.ended_at > now() - interval '1 day')
                   AND NOT EXISTS (SELECT 1 FROM call_recording r WHERE r.call_id = c.id)""",
                rs -> new Recent(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3))));
        int linked = 0;
        for (Recent c : calls) {
            Path file = dir.resolve(c.uniqueid() + ".wav");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                // Finished: the record says the call ended, or MixMonitor (which writes every 20 ms while the
                // channel lives, silence included) has stopped writing — so a record still waiting for its
                // hang-up event does not hold the recording back.
                boolean settled = Files.getLastModifiedTime(file).toInstant().isBefore(java.time.Instant.now().minus(SETTLED));
                if (!c.ended() && !settled) {
                    continue;
                }
                long duration = WavDuration.millis(file);
                long bytes = Files.size(file);
                String sha = sha256(file);
                linked += jdbc.tx("linking a recording", tx -> tx.update("INSERT INTO call_recording (call_id, path, duration_ms, bytes, sha256)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", c.id(), file.toString(), duration, bytes, sha));
            } catch (IOException e) {
                LOG.warn("Recording {} of call {} cannot be read yet: {}", file, c.id(), e.getMessage());
            }
        }
        return linked;
    }

    /** Deletes files older than the retention; returns how many. */
    public int purge() {
        record Old(UUID id, String path) {
        }
        List<Old> old = jdbc.tx("finding expired recordings", tx -> tx.list("""
                SELECT r.call_id, r.path FROM call_recording r JOIN call c ON c.id = r.call_id
                 WHERE r.purged_at IS NULL AND c.ended_at < now() - ? * interval '1 second' LIMIT 500""",
                rs -> new Old(rs.getObject(1, UUID.class), rs.getString(2)), settings.retention().toSeconds()));
        for (Old o : old) {
            try {
                Files.deleteIfExists(Path.of(o.path()));
                jdbc.tx("marking a recording purged", tx -> tx.update("UPDATE call_recording SET purged_at = now() WHERE call_id = ?", o.id()));
            } catch (IOException e) {
                LOG.warn("Expired recording {} could not be deleted: {}", o.path(), e.getMessage());
            }
        }
        return old.size();
    }

    /** The call's recording for {@code user}, the play recorded; 404 when none or not theirs to hear. */
    public Playable open(UUID callId, User user) {
        record Row(String path, long bytes, String sha, String district, boolean purged) {
        }
        Row row = jdbc.tx("reading a call's recording", tx -> tx.one("""
                SELECT r.path, r.bytes, r.sha256, coalesce(c.district_ubigeo, i.district_ubigeo), r.purged_at IS NOT NULL
                  FROM call_recording r JOIN call c ON c.id = r.call_id LEFT JOIN incident i ON i.id = c.incident_id
                 WHERE r.call_id = ?""", rs -> new Row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)),
                callId)).orElseThrow(() -> ApiException.notFound("recording of call " + callId));
        Optional<String> scope = user.districtScope();
        if (scope.isPresent() && !scope.get().equals(row.district())) {
            throw ApiException.notFound("recording of call " + callId);
        }
        if (row.purged()) {
            throw new ApiException(410, "this recording was deleted by the retention policy");
        }
        jdbc.tx("recording a play", tx -> {
            tx.update("INSERT INTO recording_play (call_id, username, role) VALUES (?, ?, ?)", callId, user.username(), user.role().name());
            tx.audit(user.username(), "UPDATE", "call", callId.toString(), null, new JsonObject().put("playedRecording", true));
            return null;
        });
        return new Playable(Path.of(row.path()), row.bytes());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
