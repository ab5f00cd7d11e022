-- Incident exchange with the agencies (issue 13): API tokens per agency, and which of an agency's EIDO
-- components were already imported (so a re-sent message adds nothing twice).

-- Only the SHA-256 of a token is kept: tokens are 256 random bits, so a fast hash is enough to make a
-- stolen table useless; the token itself is shown once, when it is made.
CREATE TABLE agency_token (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_code  text NOT NULL REFERENCES agency (code),
    token_hash   text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    label        text NOT NULL CHECK (length(trim(label)) > 0 AND length(label) <= 100),
    created_by   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    revoked_by   text,
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX agency_token_agency_idx ON agency_token (agency_code);

CREATE TABLE agency_import (
    agency_code  text NOT NULL REFERENCES agency (code),
    component_id text NOT NULL,
    incident_id  bigint NOT NULL REFERENCES incident (id),
    note_id      bigint REFERENCES incident_note (id),
    imported_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agency_code, incident_id, component_id)
);
