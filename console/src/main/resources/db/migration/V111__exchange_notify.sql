-- Issue 16: the webhook loop sleeps until there is work instead of polling the outbox twice a second.
--
-- 1. No change rows nobody will read. An incident change is recorded for the agencies only while at least one
--    agency has an enabled webhook: an agency receives the changes made after its endpoint was set (as before:
--    an endpoint never brought the incidents' past, and changes recorded meanwhile were fanned out to the
--    endpoints of that moment). With no endpoint a call now writes no exchange_change rows (two before).
-- 2. Notifications on channel cu_exchange (delivered at commit to every node's listening connection): a change
--    recorded, a transfer's EIDO queued (TransferAhead), an endpoint set, changed or removed.
CREATE OR REPLACE FUNCTION exchange_incident_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM agency_endpoint WHERE enabled) THEN
        RETURN NULL;
    END IF;
    -- Two statements, not one CASE: plpgsql resolves every field named in a statement against the row's table.
    IF TG_TABLE_NAME = 'incident' THEN
        INSERT INTO exchange_change (incident_id, what) VALUES (NEW.id, TG_TABLE_NAME || ' ' || TG_OP);
    ELSE
        INSERT INTO exchange_change (incident_id, what) VALUES (NEW.incident_id, TG_TABLE_NAME || ' ' || TG_OP);
    END IF;
    PERFORM pg_notify('cu_exchange', '');
    RETURN NULL;
END $$;

CREATE FUNCTION exchange_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('cu_exchange', '');
    RETURN NULL;
END $$;

-- Rows the fan-out writes are delivered by the node that wrote them, in the same pass: only a transfer's needs a call.
CREATE TRIGGER exchange_outbox_transfer_queued AFTER INSERT ON exchange_outbox
    FOR EACH ROW WHEN (NEW.kind = 'TRANSFER') EXECUTE FUNCTION exchange_notify();
CREATE TRIGGER agency_endpoint_changed AFTER INSERT OR UPDATE OR DELETE ON agency_endpoint
    FOR EACH STATEMENT EXECUTE FUNCTION exchange_notify();
