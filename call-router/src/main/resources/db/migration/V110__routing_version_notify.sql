-- Issue 16: nodes no longer poll routing_state every second. Each new version is announced on channel
-- cu_routing (delivered at commit, to every node's listening connection); a node that is not listening
-- polls as before (RuleReloader).
CREATE OR REPLACE FUNCTION bump_routing_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE routing_state SET version = nextval('routing_version_seq');
    PERFORM pg_notify('cu_routing', '');
    RETURN NULL;
END $$;
