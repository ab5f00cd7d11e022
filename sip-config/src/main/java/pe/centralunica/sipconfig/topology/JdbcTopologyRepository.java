package pe.centralunica.sipconfig.topology;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import pe.centralunica.db.DataAccessException;
import pe.centralunica.sipconfig.topology.SipTopology.DialKind;
import pe.centralunica.sipconfig.topology.SipTopology.DialTarget;
import pe.centralunica.sipconfig.topology.SipTopology.Direction;
import pe.centralunica.sipconfig.topology.SipTopology.InboundNumber;
import pe.centralunica.sipconfig.topology.SipTopology.NumberKind;
import pe.centralunica.sipconfig.topology.SipTopology.PanicDevice;
import pe.centralunica.sipconfig.topology.SipTopology.Phone;
import pe.centralunica.sipconfig.topology.SipTopology.QueueDef;
import pe.centralunica.sipconfig.topology.SipTopology.Trunk;

/**
 * Loads a {@link SipTopology} in one read-only REPEATABLE READ transaction, so a concurrent admin change is
 * either wholly in the snapshot or not at all (a queue never appears without its agency's phones, etc.).
 */
public final class JdbcTopologyRepository {

    private final DataSource dataSource;

    public JdbcTopologyRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public SipTopology load() {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                List<Phone> phones = phones(c);
                SipTopology topology = new SipTopology(inbound(c), queues(c, phones), dialTargets(c), trunks(c), phones,
                        panicDevices(c));
                c.commit();
                return topology;
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DataAccessException("loading the SIP topology", e);
        }
    }

    private static List<InboundNumber> inbound(Connection c) throws SQLException {
        List<InboundNumber> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT number, kind, district_ubigeo, description FROM inbound_number ORDER BY number");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new InboundNumber(rs.getString(1), NumberKind.valueOf(rs.getString(2)),
                        Optional.ofNullable(rs.getString(3)), rs.getString(4)));
            }
        }
        return out;
    }

    private static List<QueueDef> queues(Connection c, List<Phone> phones) throws SQLException {
        record Row(String code, String queue, String agency, String agencyName) {
        }
        Map<String, List<Row>> byQueue = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT t.code, t.asterisk_name, a.code, a.name
                FROM route_target t JOIN agency a ON a.code = t.agency_code
                WHERE t.kind = 'QUEUE' ORDER BY t.asterisk_name, t.code""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Row row = new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                byQueue.computeIfAbsent(row.queue(), k -> new ArrayList<>()).add(row);
            }
        }
        Map<String, List<String>> membersByAgency = new LinkedHashMap<>();
        for (Phone p : phones) {
            p.agencyCode().ifPresent(a -> membersByAgency.computeIfAbsent(a, k -> new ArrayList<>()).add("PJSIP/" + p.endpoint()));
        }
        List<QueueDef> out = new ArrayList<>();
        for (var e : byQueue.entrySet()) {
            Row first = e.getValue().getFirst();
            out.add(new QueueDef(e.getKey(), e.getValue().stream().map(Row::code).toList(), first.agency(),
                    first.agencyName(), membersByAgency.getOrDefault(first.agency(), List.of())));
        }
        return out;
    }

    private static List<DialTarget> dialTargets(Connection c) throws SQLException {
        List<DialTarget> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT code, kind, asterisk_name, dial_number, enabled FROM route_target
                WHERE kind IN ('TRUNK', 'ENDPOINT') ORDER BY code""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new DialTarget(rs.getString(1), DialKind.valueOf(rs.getString(2)), rs.getString(3),
                        Optional.ofNullable(rs.getString(4)), rs.getBoolean(5)));
            }
        }
        return out;
    }

    private static List<Trunk> trunks(Connection c) throws SQLException {
        List<Trunk> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT endpoint, direction, host, port, target_code, district_ubigeo, auth, probe
                FROM sip_trunk ORDER BY endpoint""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Trunk(rs.getString(1), Direction.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4),
                        Optional.ofNullable(rs.getString(5)), Optional.ofNullable(rs.getString(6)), rs.getBoolean(7),
                        rs.getBoolean(8)));
            }
        }
        return out;
    }

    /** Active users whose phone is a PJSIP endpoint; other technologies are not ours to configure. */
    private static List<Phone> phones(Connection c) throws SQLException {
        List<Phone> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT substr(phone_interface, 7), username, agency_code, array_to_string(languages, ',') FROM app_user
                WHERE active AND phone_interface LIKE 'PJSIP/%' ORDER BY 1""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Phone(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                        List.of(rs.getString(4).split(","))));
            }
        }
        return out;
    }

    private static List<PanicDevice> panicDevices(Connection c) throws SQLException {
        List<PanicDevice> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT device_id, caller_id, district_ubigeo FROM panic_button WHERE active ORDER BY device_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new PanicDevice(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }
}
