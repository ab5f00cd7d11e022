-- The key evidence packages are signed with (issue 13): one per centre, made once, the same on every node, so a
-- package made on any node verifies anywhere. Reading it is as sensitive as the database itself.
CREATE TABLE evidence_key (
    id         smallint PRIMARY KEY CHECK (id = 1),
    key_hex    text NOT NULL CHECK (key_hex ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO evidence_key (id, key_hex) VALUES (1, encode(sha256(gen_random_uuid()::text::bytea || gen_random_uuid()::text::bytea
    || clock_timestamp()::text::bytea), 'hex'));
