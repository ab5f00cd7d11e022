package pe.centralunica.ivr;

import pe.centralunica.db.DataAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads the {@link Directory} in one read-only transaction, so a snapshot is never half old, half new. */
final class DirectoryRepository {

    private final DataSource dataSource;

    DirectoryRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Directory load() {
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setQueryTimeout(10);
                Map<String, Directory.Inbound> inbound = new HashMap<>();
                try (ResultSet rs = st.executeQuery(
                        "SELECT number, kind, emergency_type_code, district_ubigeo FROM inbound_number")) {
                    while (rs.next()) {
                        inbound.put(rs.getString(1), new Directory.Inbound(rs.getString(1),
                                Directory.NumberKind.valueOf(rs.getString(2)), Optional.ofNullable(rs.getString(3)),
                                Optional.ofNullable(rs.getString(4))));
                    }
                }
                Map<String, Directory.PanicDevice> panic = new HashMap<>();
                try (ResultSet rs = st.executeQuery("""
                        SELECT device_id, caller_id, latitude, longitude, address, district_ubigeo, camera_id
                          FROM panic_button WHERE active""")) {
                    while (rs.next()) {
                        panic.put(rs.getString(2), new Directory.PanicDevice(rs.getString(1), rs.getString(2),
                                rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getString(5), rs.getString(6),
                                Optional.ofNullable(rs.getString(7))));
                    }
                }
                Map<String, Directory.DistrictRef> districts = new HashMap<>();
                Map<String, Map<String, String>> dtmf = new HashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT ubigeo, name, jurisdiction_code, dtmf_code FROM district")) {
                    while (rs.next()) {
                        String ubigeo = rs.getString(1);
                        districts.put(ubigeo, new Directory.DistrictRef(ubigeo, rs.getString(2), rs.getString(3)));
                        dtmf.computeIfAbsent(rs.getString(3), j -> new HashMap<>()).put(rs.getString(4), ubigeo);
                    }
                }
                Map<Character, String> typeByDigit = new HashMap<>();
                Map<String, Integer> typePriority = new HashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT code, menu_digit, default_priority FROM emergency_type")) {
                    while (rs.next()) {
                        int digit = rs.getInt(2);
                        if (!rs.wasNull()) {
                            typeByDigit.put((char) ('0' + digit), rs.getString(1));
                        }
                        typePriority.put(rs.getString(1), rs.getInt(3));
                    }
                }
                c.commit();
                Map<String, Map<String, String>> frozen = new HashMap<>();
                dtmf.forEach((j, m) -> frozen.put(j, Map.copyOf(m)));
                return new Directory(inbound, panic, districts, frozen, typeByDigit, typePriority);
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading the IVR directory", e);
        }
    }
}
