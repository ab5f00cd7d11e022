-- Call recordings (issue 13): Asterisk's MixMonitor writes <CU_RECORDING_DIR>/<uniqueid>.wav from the moment
-- Central Única answers; a node links the file to the call record (path, duration, SHA-256) once the call has
-- ended, and deletes it when the retention policy says so (the row stays, marked purged).
CREATE TABLE call_recording (
    call_id      uuid PRIMARY KEY REFERENCES call (id),
    path         text NOT NULL,
    duration_ms  integer NOT NULL CHECK (duration_ms >= 0),
    bytes        bigint NOT NULL CHECK (bytes >= 0),
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    linked_at    timestamptz NOT NULL DEFAULT now(),
    purged_at    timestamptz
);

-- Every play of a recording: who, when, in which role. Append-only.
CREATE TABLE recording_play (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    call_id   uuid NOT NULL REFERENCES call (id),
    username  text NOT NULL,
    role      text NOT NULL,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recording_play_call_idx ON recording_play (call_id, at);
CREATE TRIGGER recording_play_append_only BEFORE UPDATE OR DELETE ON recording_play
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
