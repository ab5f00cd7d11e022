package pe.centralunica.router.store;

import pe.centralunica.db.DataAccessException;
import pe.centralunica.router.RoutingTable;
import pe.centralunica.router.rules.InvalidRuleSetException;
import pe.centralunica.router.rules.Problem;
import pe.centralunica.router.rules.Rule;
import pe.centralunica.router.rules.RuleSet;
import pe.centralunica.router.rules.RuleTarget;
import pe.centralunica.router.rules.RuleValidator;
import pe.centralunica.router.rules.TargetRef;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Changes routing rules. Each change (or batch, {@link #apply}) is one transaction that locks the routing version (changes never
 * interleave), validates the whole resulting rule set, writes the rule, bumps its revision and the routing
 * version, and appends to audit_log who changed what (before/after as JSON). A change that would leave the
 * set invalid throws {@link InvalidRuleSetException} and nothing changes.
 */
public final class RuleAdmin {

    private static final String ENTITY = "routing_rule";

    private final DataSource dataSource;
    private final RuleValidator validator;

    public RuleAdmin(DataSource dataSource, RuleValidator validator) {
        this.dataSource = dataSource;
        this.validator = validator;
    }

    public RuleChange create(RuleDraft draft, String actor) {
        return apply(List.of(new RuleEdit.Create(draft)), actor).getFirst();
    }

    /** Replaces rule {@code ruleId}, which must still be at {@code expectedRevision}. */
    public RuleChange update(long ruleId, int expectedRevision, RuleDraft draft, String actor) {
        return apply(List.of(new RuleEdit.Update(ruleId, expectedRevision, draft)), actor).getFirst();
    }

    /** Enables or disables a rule (a disabled rule stays stored, matches no call, and never ties). */
    public RuleChange setEnabled(long ruleId, boolean enabled, String actor) {
        return apply(List.of(new RuleEdit.SetEnabled(ruleId, enabled)), actor).getFirst();
    }

    public RuleChange delete(long ruleId, String actor) {
        return apply(List.of(new RuleEdit.Delete(ruleId)), actor).getFirst();
    }

    /**
     * Applies several edits in one transaction, validating only the final rule set: replacing a rule by a day
     * rule and a night rule, say, is never rejected for the moment in between (nor seen by any call).
     * Each edit is audited; every change carries the same resulting routing version.
     */
    public List<RuleChange> apply(List<RuleEdit> edits, String actor) {
        Objects.requireNonNull(actor, "actor");
        if (edits.isEmpty()) {
            throw new IllegalArgumentException("no edits to apply");
        }
        Set<Long> touched = new HashSet<>();
        for (RuleEdit e : edits) {
            long id = ruleId(e);
            if (id != Rule.NEW_ID && !touched.add(id)) {
                throw new IllegalArgumentException("routing rule #" + id + " is edited twice in one batch");
            }
        }
        return inTransaction("applying " + edits.size() + " routing rule edit(s)", c -> {
            RuleSet candidate = JdbcRuleRepository.read(c, true);
            for (RuleEdit edit : edits) {
                candidate = applyInMemory(candidate, edit);
            }
            List<Problem> warnings = validator.requireValid(candidate);
            List<long[]> written = new ArrayList<>(edits.size()); // {rule id, revision}
            for (RuleEdit edit : edits) {
                written.add(write(c, edit, actor));
            }
            long version = version(c);
            List<RuleChange> changes = new ArrayList<>(edits.size());
            for (int i = 0; i < edits.size(); i++) {
                long id = written.get(i)[0];
                long validatedAs = ruleId(edits.get(i)); // NEW_ID for a created rule
                changes.add(new RuleChange(id, (int) written.get(i)[1], version,
                        warnings.stream().filter(p -> p.ruleId() == validatedAs).toList()));
            }
            return changes;
        });
    }

    private static long ruleId(RuleEdit edit) {
        return switch (edit) {
            case RuleEdit.Create x -> Rule.NEW_ID;
            case RuleEdit.Update u -> u.ruleId();
            case RuleEdit.SetEnabled s -> s.ruleId();
            case RuleEdit.Delete d -> d.ruleId();
        };
    }

    private static RuleSet applyInMemory(RuleSet set, RuleEdit edit) {
        return switch (edit) {
            case RuleEdit.Create(RuleDraft draft) -> set.with(draft.toRule(Rule.NEW_ID, 1));
            case RuleEdit.Update(long id, int expected, RuleDraft draft) -> {
                Rule existing = existing(set, id);
                if (existing.revision() != expected) {
                    throw new StaleRevisionException(id, expected, existing.revision());
                }
                yield set.with(draft.toRule(id, existing.revision() + 1));
            }
            case RuleEdit.SetEnabled(long id, boolean enabled) -> {
                Rule existing = existing(set, id);
                yield set.with(existing.withEnabled(enabled).withRevision(existing.revision() + 1));
            }
            case RuleEdit.Delete(long id) -> {
                existing(set, id);
                yield set.without(id);
            }
        };
    }

    private static Rule existing(RuleSet set, long id) {
        return set.rule(id).orElseThrow(() -> new RuleNotFoundException(id));
    }

    /** Writes one (already validated) edit and its audit row; returns {rule id, revision after}. */
    private static long[] write(Connection c, RuleEdit edit, String actor) throws SQLException {
        switch (edit) {
            case RuleEdit.Create(RuleDraft draft) -> {
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO routing_rule (name, jurisdiction_code,"
                        + " district_ubigeo, emergency_type_code, caller_class, days_of_week, time_from, time_to,"
                        + " priority, enabled, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                    bindCriteria(c, ps, draft, actor);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                insertTargets(c, id, draft.targets());
                audit(c, actor, "CREATE", id, null);
                return new long[]{id, 1};
            }
            case RuleEdit.Update(long id, int expected, RuleDraft draft) -> {
                String before = json(c, id);
                try (PreparedStatement ps = c.prepareStatement("UPDATE routing_rule SET name = ?, jurisdiction_code = ?,"
                        + " district_ubigeo = ?, emergency_type_code = ?, caller_class = ?, days_of_week = ?,"
                        + " time_from = ?, time_to = ?, priority = ?, enabled = ?, updated_by = ?,"
                        + " revision = revision + 1, routing_version = nextval('routing_version_seq'), updated_at = now()"
                        + " WHERE id = ?")) {
                    bindCriteria(c, ps, draft, actor);
                    ps.setLong(12, id);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM routing_rule_target WHERE rule_id = ?")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
                insertTargets(c, id, draft.targets());
                audit(c, actor, "UPDATE", id, before);
                return new long[]{id, expected + 1};
            }
            case RuleEdit.SetEnabled(long id, boolean enabled) -> {
                String before = json(c, id);
                int revision;
                try (PreparedStatement ps = c.prepareStatement("UPDATE routing_rule SET enabled = ?, updated_by = ?,"
                        + " revision = revision + 1, routing_version = nextval('routing_version_seq'), updated_at = now()"
                        + " WHERE id = ? RETURNING revision")) {
                    ps.setBoolean(1, enabled);
                    ps.setString(2, actor);
                    ps.setLong(3, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        revision = rs.getInt(1);
                    }
                }
                audit(c, actor, "UPDATE", id, before);
                return new long[]{id, revision};
            }
            case RuleEdit.Delete(long id) -> {
                String before = json(c, id);
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM routing_rule WHERE id = ?")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
                audit(c, actor, "DELETE", id, before);
                return new long[]{id, 0};
            }
        }
    }

    /**
     * The table the stored rules would compile to with {@code draft} as rule {@code ruleId} ({@link Rule#NEW_ID}
     * to add it), without writing anything: with {@link pe.centralunica.router.LiveRouter#dryRun} it answers
     * "where would this call go after my change". Throws {@link InvalidRuleSetException} like the change would.
     */
    public RoutingTable preview(long ruleId, RuleDraft draft) {
        RuleSet current = new JdbcRuleRepository(dataSource).load();
        int revision = ruleId == Rule.NEW_ID ? 1
                : current.rule(ruleId).orElseThrow(() -> new RuleNotFoundException(ruleId)).revision() + 1;
        return RoutingTable.compile(current.with(draft.toRule(ruleId, revision)));
    }

    private static void bindCriteria(Connection c, PreparedStatement ps, RuleDraft d, String actor) throws SQLException {
        Objects.requireNonNull(actor, "actor");
        ps.setString(1, d.name());
        ps.setString(2, d.jurisdiction().orElse(null));
        ps.setString(3, d.district().orElse(null));
        ps.setString(4, d.emergencyType().orElse(null));
        ps.setString(5, d.callerClass().map(Enum::name).orElse(null));
        if (d.schedule().days().isPresent()) {
            Short[] days = d.schedule().days().get().stream().sorted().map(x -> (short) x.getValue()).toArray(Short[]::new);
            ps.setArray(6, c.createArrayOf("int2", days));
        } else {
            ps.setNull(6, Types.ARRAY);
        }
        setTime(ps, 7, d.schedule().from().orElse(null));
        setTime(ps, 8, d.schedule().to().orElse(null));
        ps.setInt(9, d.priority());
        ps.setBoolean(10, d.enabled());
        ps.setString(11, actor);
    }

    private static void setTime(PreparedStatement ps, int index, LocalTime time) throws SQLException {
        if (time == null) {
            ps.setNull(index, Types.TIME);
        } else {
            ps.setObject(index, time);
        }
    }

    private static void insertTargets(Connection c, long ruleId, List<RuleTarget> targets) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO routing_rule_target"
                + " (rule_id, position, target_code, dynamic_target, ring_timeout_s) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < targets.size(); i++) {
                RuleTarget t = targets.get(i);
                ps.setLong(1, ruleId);
                ps.setInt(2, i + 1);
                switch (t.target()) {
                    case TargetRef.Fixed(String code) -> {
                        ps.setString(3, code);
                        ps.setNull(4, Types.VARCHAR);
                    }
                    case TargetRef.DistrictCentral dc -> {
                        ps.setNull(3, Types.VARCHAR);
                        ps.setString(4, TargetRef.DistrictCentral.NAME);
                    }
                }
                if (t.ringTimeoutSeconds().isPresent()) {
                    ps.setInt(5, t.ringTimeoutSeconds().get());
                } else {
                    ps.setNull(5, Types.INTEGER);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String json(Connection c, long ruleId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT routing_rule_json(?)::text")) {
            ps.setLong(1, ruleId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void audit(Connection c, String actor, String action, long ruleId, String before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (actor, action, entity, entity_id, before, after)"
                + " VALUES (?, ?, ?, ?, ?::jsonb, routing_rule_json(?))")) {
            ps.setString(1, actor);
            ps.setString(2, action);
            ps.setString(3, ENTITY);
            ps.setString(4, Long.toString(ruleId));
            ps.setString(5, before);
            ps.setLong(6, ruleId);
            ps.executeUpdate();
        }
    }

    private static long version(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM routing_state");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private interface Work {
        List<RuleChange> run(Connection c) throws SQLException;
    }

    private List<RuleChange> inTransaction(String operation, Work work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<RuleChange> change = work.run(c);
                c.commit();
                return change;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException(operation, e);
        }
    }
}
