-- Issue 16: each node holds the prank marks of the window in memory (ivr's PrankMarkBook), so a caller whose
-- district the trunk gives needs no query. Any change to the marks (marked, removed) notifies every node's
-- listening connection at commit; the book reloads before it answers again.
CREATE FUNCTION caller_mark_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('cu_caller_mark', '');
    RETURN NULL;
END $$;

CREATE TRIGGER caller_mark_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON caller_mark
    FOR EACH STATEMENT EXECUTE FUNCTION caller_mark_notify();
