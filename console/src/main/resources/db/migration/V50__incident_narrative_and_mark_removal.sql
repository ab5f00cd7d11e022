-- The incident's narrative: who wrote what, when. Append-only (corrections are new entries), so the log a
-- supervisor or a court reads is the log the dispatchers wrote.
CREATE TABLE incident_note (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES incident (id),
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    author      text NOT NULL CHECK (length(trim(author)) > 0),
    -- NOTE: a dispatcher's entry; CLOSED / REOPENED: a status change with its reason.
    kind        text NOT NULL DEFAULT 'NOTE' CHECK (kind IN ('NOTE', 'CLOSED', 'REOPENED')),
    text        text NOT NULL CHECK (length(trim(text)) > 0 AND length(text) <= 4000)
);
CREATE INDEX incident_note_incident_idx ON incident_note (incident_id, at, id);

CREATE FUNCTION incident_note_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'incident_note is append-only: add a new entry instead of changing entry %', OLD.id
        USING ERRCODE = '23514';
END $$;
CREATE TRIGGER incident_note_append_only BEFORE UPDATE OR DELETE ON incident_note
    FOR EACH ROW EXECUTE FUNCTION incident_note_append_only();

-- Prank marks a supervisor removed (with the reason): kept here so the removal is visible, out of caller_mark
-- so the IVR no longer counts them.
CREATE TABLE caller_mark_removed (
    id            bigint PRIMARY KEY,
    caller_number text NOT NULL,
    call_id       uuid REFERENCES call (id),
    kind          text NOT NULL,
    marked_by     text NOT NULL,
    marked_at     timestamptz NOT NULL,
    removed_by    text NOT NULL,
    removed_at    timestamptz NOT NULL DEFAULT now(),
    reason        text NOT NULL CHECK (length(trim(reason)) > 0)
);
CREATE INDEX caller_mark_removed_caller_idx ON caller_mark_removed (caller_number, removed_at DESC);
