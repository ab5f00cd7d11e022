package pe.centralunica.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads districts (reference data; written only by migrations and the admin console). */
public final class DistrictRepository {

    private final DataSource dataSource;

    public DistrictRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** All districts ordered by code, optionally only those of one jurisdiction (case-insensitive). */
    public List<District> list(Optional<String> jurisdiction) {
        String sql = "SELECT ubigeo, name, jurisdiction_code FROM district"
                + (jurisdiction.isPresent() ? " WHERE jurisdiction_code = upper(?)" : "")
                + " ORDER BY ubigeo";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (jurisdiction.isPresent()) {
                ps.setString(1, jurisdiction.get());
            }
            List<District> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new District(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("listing districts", e);
        }
    }
}
