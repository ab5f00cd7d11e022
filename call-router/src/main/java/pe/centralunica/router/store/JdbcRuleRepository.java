package pe.centralunica.router.store;

import pe.centralunica.db.DataAccessException;
import pe.centralunica.router.CallerClass;
import pe.centralunica.router.rules.Rule;
import pe.centralunica.router.rules.RuleSet;
import pe.centralunica.router.rules.RuleTarget;
import pe.centralunica.router.rules.Schedule;
import pe.centralunica.router.rules.Target;
import pe.centralunica.router.rules.TargetRef;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads rules, targets and the reference data they name from PostgreSQL (schema V1 + V3). */
public final class JdbcRuleRepository implements RuleRepository {

    private final DataSource dataSource;

    public JdbcRuleRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public long currentVersion() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM routing_state")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DataAccessException("reading the routing version", e);
        }
    }

    @Override
    public RuleSet load() {
        try (Connection c = dataSource.getConnection()) {
            // one snapshot: the version and every row it covers
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                RuleSet set = read(c, false);
                c.commit();
                return set;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("loading routing rules", e);
        }
    }

    /** Reads the rule set on {@code c} (in the caller's transaction); {@code lock} holds routing_state for a change. */
    static RuleSet read(Connection c, boolean lock) throws SQLException {
        try (Statement st = c.createStatement()) {
            long version;
            try (ResultSet rs = st.executeQuery("SELECT version FROM routing_state" + (lock ? " FOR UPDATE" : ""))) {
                rs.next();
                version = rs.getLong(1);
            }
            Map<String, String> districts = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT ubigeo, jurisdiction_code FROM district")) {
                while (rs.next()) districts.put(rs.getString(1), rs.getString(2));
            }
            Set<String> jurisdictions = new HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT code FROM jurisdiction")) {
                while (rs.next()) jurisdictions.add(rs.getString(1));
            }
            Map<String, Integer> types = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT code, default_priority FROM emergency_type")) {
                while (rs.next()) types.put(rs.getString(1), rs.getInt(2));
            }
            Map<String, Target> targets = new HashMap<>();
            try (ResultSet rs = st.executeQuery(
                    "SELECT code, kind, asterisk_name, dial_number, ring_timeout_s, enabled FROM route_target")) {
                while (rs.next()) {
                    targets.put(rs.getString(1), new Target(rs.getString(1), Target.Kind.valueOf(rs.getString(2)),
                            rs.getString(3), Optional.ofNullable(rs.getString(4)), rs.getInt(5), rs.getBoolean(6)));
                }
            }
            Map<Long, List<RuleTarget>> steps = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT rule_id, target_code, dynamic_target, ring_timeout_s"
                    + " FROM routing_rule_target ORDER BY rule_id, position")) {
                while (rs.next()) {
                    String code = rs.getString(2);
                    int timeout = rs.getInt(4);
                    Optional<Integer> override = rs.wasNull() ? Optional.empty() : Optional.of(timeout);
                    TargetRef ref = code != null ? new TargetRef.Fixed(code) : dynamic(rs.getString(3));
                    steps.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new RuleTarget(ref, override));
                }
            }
            List<Rule> rules = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT id, name, jurisdiction_code, district_ubigeo,"
                    + " emergency_type_code, caller_class, days_of_week, time_from, time_to, priority, enabled, revision"
                    + " FROM routing_rule ORDER BY id")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    Schedule schedule = new Schedule(days(rs.getArray(7)),
                            Optional.ofNullable(rs.getObject(8, LocalTime.class)),
                            Optional.ofNullable(rs.getObject(9, LocalTime.class)));
                    rules.add(new Rule(id, rs.getString(2), Optional.ofNullable(rs.getString(3)),
                            Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5)),
                            Optional.ofNullable(rs.getString(6)).map(CallerClass::valueOf), schedule,
                            rs.getInt(10), rs.getBoolean(11), rs.getInt(12), steps.getOrDefault(id, List.of())));
                }
            }
            return new RuleSet(version, rules, targets, districts, jurisdictions, types, RuleSet.METRO);
        }
    }

    private static TargetRef dynamic(String name) {
        if (TargetRef.DistrictCentral.NAME.equals(name)) {
            return new TargetRef.DistrictCentral();
        }
        throw new IllegalStateException("unknown dynamic target '" + name + "'");
    }

    private static Optional<Set<DayOfWeek>> days(Array array) throws SQLException {
        if (array == null) {
            return Optional.empty();
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Object d : (Object[]) array.getArray()) {
            days.add(DayOfWeek.of(((Number) d).intValue()));
        }
        return Optional.of(days);
    }
}
