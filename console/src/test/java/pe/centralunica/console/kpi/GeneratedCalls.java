package pe.centralunica.console.kpi;

import io.vertx.core.json.JsonObject;
import pe.centralunica.console.store.Jdbc;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Writes call records with their timelines as the journal leaves them, for KPI tests on hand-made data. */
public final class GeneratedCalls {

    private final Jdbc jdbc;
    private int uniqueid = 1;

    public GeneratedCalls(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Call call(Instant arrived) {
        return new Call(arrived);
    }

    public final class Call {
        private final Instant arrived;
        private final List<Object[]> events = new ArrayList<>();
        private boolean test;
        private boolean prank;
        private String callerClass = "NORMAL";
        private boolean incident = true;
        private String outcome = "IN_PROGRESS";
        private Integer answeredAfter;
        private Integer endedAfter;
        private String district = "150122";
        private String type = "CRIME";
        private String language = "es";

        private Call(Instant arrived) {
            this.arrived = arrived;
            event("ARRIVED", 0, new JsonObject());
        }

        public Call test() {
            test = true;
            return this;
        }

        public Call prank() {
            prank = true;
            return event("MARKED_PRANK", endedAfter == null ? 1 : endedAfter, new JsonObject().put("by", "disp"));
        }

        public Call silentWithoutIncident() {
            callerClass = "SILENT";
            incident = false;
            return this;
        }

        public Call in(String district, String type, String language) {
            this.district = district;
            this.type = type;
            this.language = language;
            return this;
        }

        public Call queued(int second, String queue) {
            return event("QUEUE_JOINED", second, new JsonObject().put("queue", queue).put("position", "1"));
        }

        public Call targetFailed(int second, String target) {
            return event("TARGET_FAILED", second, new JsonObject().put("target", target).put("status", "TIMEOUT"));
        }

        public Call answered(int second) {
            if (answeredAfter == null) {
                answeredAfter = second;
            }
            outcome = "ANSWERED";
            return event("ANSWERED", second, new JsonObject().put("by", "PJSIP/disp"));
        }

        public Call transferred(int second) {
            outcome = "TRANSFERRED";
            return event("TRANSFERRED", second, new JsonObject().put("to", "T-PNP"));
        }

        public Call abandoned(int second) {
            outcome = "ABANDONED";
            return event("ABANDONED", second, new JsonObject());
        }

        public Call hungUp(int second) {
            endedAfter = second;
            if (outcome.equals("IN_PROGRESS")) {
                outcome = "ABANDONED";
            }
            return event("HUNG_UP", second, new JsonObject().put("by", "caller"));
        }

        private Call event(String type, int second, JsonObject data) {
            events.add(new Object[]{type, second, data});
            return this;
        }

        public UUID save() {
            UUID id = UUID.randomUUID();
            String uid = "1700000000." + uniqueid++;
            jdbc.tx("generated call", tx -> {
                Long incidentId = incident ? tx.one("INSERT INTO incident (emergency_type_code, priority, district_ubigeo)"
                        + " VALUES (?, 2, ?) RETURNING id", rs -> rs.getLong(1), type, district).orElseThrow() : null;
                tx.update("INSERT INTO call (id, asterisk_uniqueid, caller_number, dialled_number, test_call, language, caller_class,"
                                + " emergency_type_code, district_ubigeo, incident_id, outcome, prank, arrived_at, answered_at, ended_at)"
                                + " VALUES (?, ?, '999000111', '911', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        id, uid, test, language, callerClass, type, district, incidentId, outcome, prank, at(0),
                        answeredAfter == null ? null : at(answeredAfter), endedAfter == null ? null : at(endedAfter));
                int seq = 0;
                for (Object[] e : events) {
                    tx.update("INSERT INTO call_event (event_id, call_id, seq, at, type, data) VALUES (gen_random_uuid(), ?, ?, ?, ?, ?::jsonb)",
                            id, seq++, at((Integer) e[1]), e[0], ((JsonObject) e[2]).encode());
                }
                return null;
            });
            return id;
        }

        private Timestamp at(int second) {
            return Timestamp.from(arrived.plusSeconds(second));
        }
    }
}
