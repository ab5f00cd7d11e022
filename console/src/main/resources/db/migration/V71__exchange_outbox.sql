-- Webhooks to the agencies through a durable outbox (issue 13).
-- A change to an incident (its row, its narrative, a call linked to it) writes an exchange_change row in the
-- same transaction, by trigger: no code path can change an incident without the agencies hearing of it, and
-- nothing is lost if the node dies a moment later. A node then fans each change out into one outbox row per
-- agency that has an endpoint and may see the incident, with the EIDO as it is then; rows are delivered in
-- id order per (agency, incident), retried with backoff until the agency answers 2xx, never dropped.

CREATE TABLE agency_endpoint (
    agency_code text PRIMARY KEY REFERENCES agency (code),
    url         text NOT NULL CHECK (url ~ '^https?://[^\s]+$' AND length(url) <= 500),
    -- The HMAC key: kept in clear because every delivery needs it (it is the agency's to verify, not a password).
    secret      text NOT NULL CHECK (length(secret) >= 32),
    enabled     boolean NOT NULL DEFAULT true,
    updated_by  text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE exchange_change (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id   bigint NOT NULL REFERENCES incident (id),
    what          text NOT NULL,
    at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    fanned_out_at timestamptz
);
CREATE INDEX exchange_change_pending_idx ON exchange_change (id) WHERE fanned_out_at IS NULL;

CREATE TABLE exchange_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The receiver's idempotency key: a retried delivery carries the same id.
    event_id        uuid NOT NULL UNIQUE,
    agency_code     text NOT NULL REFERENCES agency (code),
    incident_id     bigint NOT NULL REFERENCES incident (id),
    change_id       bigint REFERENCES exchange_change (id),
    kind            text NOT NULL CHECK (kind IN ('CHANGE', 'TRANSFER')),
    payload         jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    delivered_at    timestamptz,
    UNIQUE (agency_code, change_id)
);
CREATE INDEX exchange_outbox_pending_idx ON exchange_outbox (agency_code, incident_id, id) WHERE delivered_at IS NULL;

CREATE FUNCTION exchange_incident_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Two statements, not one CASE: plpgsql resolves every field named in a statement against the row's table.
    IF TG_TABLE_NAME = 'incident' THEN
        INSERT INTO exchange_change (incident_id, what) VALUES (NEW.id, TG_TABLE_NAME || ' ' || TG_OP);
    ELSE
        INSERT INTO exchange_change (incident_id, what) VALUES (NEW.incident_id, TG_TABLE_NAME || ' ' || TG_OP);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER incident_exchange AFTER INSERT OR UPDATE ON incident
    FOR EACH ROW EXECUTE FUNCTION exchange_incident_changed();
CREATE TRIGGER incident_note_exchange AFTER INSERT ON incident_note
    FOR EACH ROW EXECUTE FUNCTION exchange_incident_changed();
CREATE TRIGGER call_linked_exchange AFTER INSERT ON call
    FOR EACH ROW WHEN (NEW.incident_id IS NOT NULL) EXECUTE FUNCTION exchange_incident_changed();
CREATE TRIGGER call_relinked_exchange AFTER UPDATE OF incident_id ON call
    FOR EACH ROW WHEN (NEW.incident_id IS NOT NULL AND OLD.incident_id IS DISTINCT FROM NEW.incident_id)
    EXECUTE FUNCTION exchange_incident_changed();
