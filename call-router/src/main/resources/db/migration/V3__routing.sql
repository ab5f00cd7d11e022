-- call-router: the routing version nodes poll, and rule JSON for the audit log.

-- One row holding the current routing version. A statement trigger bumps it in the same transaction as any
-- change to rules, their targets, route targets or districts, so a node that reads this row and the rules
-- in one snapshot knows exactly which version it loaded. Deleting a rule bumps it too, which
-- max(routing_rule.routing_version) would not. Updating the row also serialises concurrent rule changes.
CREATE TABLE routing_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint NOT NULL
);
INSERT INTO routing_state (version) VALUES (nextval('routing_version_seq'));

CREATE FUNCTION bump_routing_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE routing_state SET version = nextval('routing_version_seq');
    RETURN NULL;
END $$;

CREATE TRIGGER routing_rule_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON routing_rule
    FOR EACH STATEMENT EXECUTE FUNCTION bump_routing_version();
CREATE TRIGGER routing_rule_target_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON routing_rule_target
    FOR EACH STATEMENT EXECUTE FUNCTION bump_routing_version();
CREATE TRIGGER route_target_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON route_target
    FOR EACH STATEMENT EXECUTE FUNCTION bump_routing_version();
CREATE TRIGGER district_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON district
    FOR EACH STATEMENT EXECUTE FUNCTION bump_routing_version();

-- A rule with its ordered targets, as stored in audit_log.before/after.
CREATE FUNCTION routing_rule_json(p_rule_id bigint) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT to_jsonb(r) || jsonb_build_object('targets', coalesce((
               SELECT jsonb_agg(jsonb_build_object('position', t.position,
                                                   'target', coalesce(t.target_code, t.dynamic_target),
                                                   'ring_timeout_s', t.ring_timeout_s) ORDER BY t.position)
               FROM routing_rule_target t WHERE t.rule_id = r.id), '[]'::jsonb))
    FROM routing_rule r WHERE r.id = p_rule_id
$$;
