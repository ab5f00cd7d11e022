package pe.centralunica.db.journal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The reference codes a call row may point at (loaded from PostgreSQL; small tables). */
record ReferenceCodes(Map<String, Integer> typePriorities, Set<String> districts, Set<String> panicDevices,
                      Instant loadedAt) {

    static final ReferenceCodes NONE = new ReferenceCodes(Map.of(), Set.of(), Set.of(), Instant.EPOCH);

    static ReferenceCodes load(Connection c) throws SQLException {
        Map<String, Integer> types = new HashMap<>();
        Set<String> districts = new HashSet<>();
        Set<String> devices = new HashSet<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT code, default_priority FROM emergency_type")) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getInt(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT ubigeo FROM district")) {
                while (rs.next()) {
                    districts.add(rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT device_id FROM panic_button")) {
                while (rs.next()) {
                    devices.add(rs.getString(1));
                }
            }
        }
        return new ReferenceCodes(Map.copyOf(types), Set.copyOf(districts), Set.copyOf(devices), Instant.now());
    }

    boolean knows(DerivedCall call) {
        return (call.emergencyType() == null || typePriorities.containsKey(call.emergencyType()))
                && (call.district() == null || districts.contains(call.district()))
                && (call.panicDevice() == null || panicDevices.contains(call.panicDevice()));
    }
}
