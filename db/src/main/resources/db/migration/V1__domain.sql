-- Central Única: the whole domain, designed so later work extends it rather than rewrites it.
-- Conventions: codes are stable text keys (UBIGEO for districts, short upper-case codes elsewhere);
-- timestamps are timestamptz with millisecond meaning; every enumerated column is checked.

-- ---------------------------------------------------------------------------------------------------
-- Geography
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE jurisdiction (
    code        text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z_]{1,30}$'),
    name        text NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
);

CREATE TABLE district (
    ubigeo            char(6) PRIMARY KEY CHECK (ubigeo ~ '^[0-9]{6}$'),
    name              text NOT NULL CHECK (length(trim(name)) > 0),
    jurisdiction_code text NOT NULL REFERENCES jurisdiction (code),
    -- Short code a caller keys in the IVR when the district cannot be inferred (unique within a jurisdiction).
    dtmf_code         text NOT NULL CHECK (dtmf_code ~ '^[0-9]{2,3}$'),
    UNIQUE (jurisdiction_code, name),
    UNIQUE (jurisdiction_code, dtmf_code)
);
CREATE INDEX district_jurisdiction_idx ON district (jurisdiction_code);

-- ---------------------------------------------------------------------------------------------------
-- Who answers: agencies (first-response organisations, district Serenazgo centrals, the metropolitan
-- centre) and the concrete targets Asterisk can ring for them.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE emergency_type (
    code          text PRIMARY KEY CHECK (code ~ '^[A-Z_]{2,30}$'),
    name_es       text NOT NULL,
    name_en       text NOT NULL,
    -- Key pressed in the IVR's type menu; NULL for types the menu does not offer (OTHER, UNKNOWN).
    menu_digit    smallint UNIQUE CHECK (menu_digit BETWEEN 0 AND 9),
    default_priority smallint NOT NULL CHECK (default_priority BETWEEN 1 AND 5)
);

CREATE TABLE agency (
    code            text PRIMARY KEY CHECK (code ~ '^[A-Z0-9_-]{2,40}$'),
    name            text NOT NULL CHECK (length(trim(name)) > 0),
    kind            text NOT NULL CHECK (kind IN ('POLICE', 'FIRE', 'MEDICAL', 'DOMESTIC_VIOLENCE', 'UTILITIES',
                                                  'SERENAZGO', 'METROPOLITAN')),
    -- Serenazgo centrals belong to one district; other agencies serve every district.
    district_ubigeo char(6) REFERENCES district (ubigeo),
    CHECK ((kind = 'SERENAZGO') = (district_ubigeo IS NOT NULL))
);
CREATE UNIQUE INDEX agency_one_serenazgo_per_district ON agency (district_ubigeo) WHERE kind = 'SERENAZGO';
-- Exactly one metropolitan centre: the implicit last target of every route.
CREATE UNIQUE INDEX agency_one_metropolitan ON agency (kind) WHERE kind = 'METROPOLITAN';

CREATE TABLE route_target (
    code           text PRIMARY KEY CHECK (code ~ '^[A-Z0-9_-]{2,60}$'),
    agency_code    text NOT NULL REFERENCES agency (code),
    kind           text NOT NULL CHECK (kind IN ('QUEUE', 'TRUNK', 'ENDPOINT')),
    -- Name on the Asterisk side: queue name, trunk endpoint or device endpoint.
    asterisk_name  text NOT NULL CHECK (asterisk_name ~ '^[A-Za-z0-9_.-]{1,80}$'),
    -- For trunks: the number dialled on the trunk (NULL for queues and endpoints).
    dial_number    text CHECK (dial_number ~ '^[0-9*#+]{1,32}$'),
    ring_timeout_s integer NOT NULL DEFAULT 30 CHECK (ring_timeout_s BETWEEN 5 AND 600),
    enabled        boolean NOT NULL DEFAULT true,
    UNIQUE (kind, asterisk_name, dial_number)
);
CREATE INDEX route_target_agency_idx ON route_target (agency_code);

-- Numbers Asterisk hands to us: the universal number, legacy numbers folded into it, municipal numbers,
-- and DIDs of trunks that imply a district.
CREATE TABLE inbound_number (
    number              text PRIMARY KEY CHECK (number ~ '^[0-9*#+]{2,32}$'),
    kind                text NOT NULL CHECK (kind IN ('UNIVERSAL', 'LEGACY', 'MUNICIPAL', 'DID')),
    emergency_type_code text REFERENCES emergency_type (code),
    district_ubigeo     char(6) REFERENCES district (ubigeo),
    description         text NOT NULL DEFAULT '',
    CHECK (kind <> 'LEGACY' OR emergency_type_code IS NOT NULL),
    CHECK (kind NOT IN ('MUNICIPAL', 'DID') OR district_ubigeo IS NOT NULL),
    CHECK (kind <> 'UNIVERSAL' OR (emergency_type_code IS NULL AND district_ubigeo IS NULL))
);

-- ---------------------------------------------------------------------------------------------------
-- Routing rules. Each rule matches on optional criteria (NULL = any) and yields an ordered target list.
-- Every change bumps the rule's revision and the global routing_version, so every node can tell that
-- its in-memory table is stale; the audit_log keeps who changed what (before/after).
-- ---------------------------------------------------------------------------------------------------
CREATE SEQUENCE routing_version_seq;

CREATE TABLE routing_rule (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                text NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    jurisdiction_code   text REFERENCES jurisdiction (code),
    district_ubigeo     char(6) REFERENCES district (ubigeo),
    emergency_type_code text REFERENCES emergency_type (code),
    caller_class        text CHECK (caller_class IN ('NORMAL', 'PANIC', 'SILENT', 'FLAGGED')),
    -- ISO days of week (1 = Monday … 7 = Sunday); NULL = every day.
    days_of_week        smallint[] CHECK (days_of_week <@ ARRAY[1,2,3,4,5,6,7]::smallint[]
                                          AND cardinality(days_of_week) > 0),
    -- Local time window [time_from, time_to); may wrap midnight (22:00–06:00). Both or neither.
    time_from           time,
    time_to             time,
    priority            smallint NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 5),
    enabled             boolean NOT NULL DEFAULT true,
    revision            integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
    routing_version     bigint NOT NULL DEFAULT nextval('routing_version_seq'),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by          text NOT NULL,
    CHECK ((time_from IS NULL) = (time_to IS NULL)),
    CHECK (time_from IS NULL OR time_from <> time_to)
);

CREATE TABLE routing_rule_target (
    rule_id        bigint NOT NULL REFERENCES routing_rule (id) ON DELETE CASCADE,
    position       smallint NOT NULL CHECK (position >= 1),
    -- Either a fixed target, or a symbolic one resolved per call: DISTRICT_CENTRAL = the Serenazgo
    -- queue of the call's district (skipped when the district is unknown).
    target_code    text REFERENCES route_target (code),
    dynamic_target text CHECK (dynamic_target IN ('DISTRICT_CENTRAL')),
    -- Overrides the target's own ring timeout for this step.
    ring_timeout_s integer CHECK (ring_timeout_s BETWEEN 5 AND 600),
    PRIMARY KEY (rule_id, position),
    CHECK ((target_code IS NULL) <> (dynamic_target IS NULL)),
    UNIQUE (rule_id, target_code),
    UNIQUE (rule_id, dynamic_target)
);

-- ---------------------------------------------------------------------------------------------------
-- Panic buttons: registered street devices at known locations, watched by cameras.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE panic_button (
    device_id       text PRIMARY KEY CHECK (device_id ~ '^[A-Za-z0-9_-]{2,40}$'),
    -- The caller id the device presents to Asterisk.
    caller_id       text NOT NULL UNIQUE CHECK (caller_id ~ '^[0-9+]{3,32}$'),
    latitude        numeric(9, 6) NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude       numeric(9, 6) NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    address         text NOT NULL CHECK (length(trim(address)) > 0),
    district_ubigeo char(6) NOT NULL REFERENCES district (ubigeo),
    camera_id       text,
    active          boolean NOT NULL DEFAULT true
);
CREATE INDEX panic_button_district_idx ON panic_button (district_ubigeo);

-- ---------------------------------------------------------------------------------------------------
-- People: users, roles, sessions' owners; the central a dispatcher works for.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE app_user (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text NOT NULL CHECK (username ~ '^[a-z0-9._-]{3,40}$'),
    display_name  text NOT NULL CHECK (length(trim(display_name)) > 0),
    password_hash text NOT NULL,
    role          text NOT NULL CHECK (role IN ('DISPATCHER', 'SUPERVISOR', 'ADMIN')),
    -- The central (agency) whose calls a dispatcher or supervisor sees; NULL = all (admins, metro staff).
    agency_code   text REFERENCES agency (code),
    -- Asterisk queue-member interface of the dispatcher's phone (e.g. PJSIP/disp-101), for screen pops.
    phone_interface text,
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_user_username_idx ON app_user (username);

-- ---------------------------------------------------------------------------------------------------
-- Incidents, calls and their timelines.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE incident (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    emergency_type_code text NOT NULL REFERENCES emergency_type (code),
    priority            smallint NOT NULL CHECK (priority BETWEEN 1 AND 5),
    status              text NOT NULL DEFAULT 'NEW' CHECK (status IN ('NEW', 'DISPATCHED', 'ON_SCENE', 'CLOSED')),
    district_ubigeo     char(6) REFERENCES district (ubigeo),
    address             text,
    latitude            numeric(9, 6) CHECK (latitude BETWEEN -90 AND 90),
    longitude           numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
    notes               text NOT NULL DEFAULT '',
    closed_at           timestamptz,
    CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL))
);
CREATE INDEX incident_open_idx ON incident (status, created_at) WHERE status <> 'CLOSED';

-- One row per call. The id is made by the node that first saw the call (a UUID), so the journal can
-- write it before PostgreSQL is reachable and replay it idempotently.
CREATE TABLE call (
    id                  uuid PRIMARY KEY,
    asterisk_uniqueid   text NOT NULL CHECK (asterisk_uniqueid ~ '^[0-9]+\.[0-9]+$'),
    asterisk_linkedid   text,
    channel             text,
    caller_number       text,
    dialled_number      text,
    test_call           boolean NOT NULL DEFAULT false,
    language            text,
    caller_class        text CHECK (caller_class IN ('NORMAL', 'PANIC', 'SILENT', 'FLAGGED')),
    emergency_type_code text REFERENCES emergency_type (code),
    district_ubigeo     char(6) REFERENCES district (ubigeo),
    district_source     text CHECK (district_source IN ('PANIC_BUTTON', 'TRUNK', 'HISTORY', 'DTMF', 'NONE')),
    panic_device_id     text REFERENCES panic_button (device_id),
    incident_id         bigint REFERENCES incident (id),
    rule_id             bigint,
    answered_by         text,
    outcome             text NOT NULL DEFAULT 'IN_PROGRESS'
                        CHECK (outcome IN ('IN_PROGRESS', 'ANSWERED', 'ABANDONED', 'TRANSFERRED', 'FAILED', 'FALLBACK')),
    hangup_cause        text,
    prank               boolean NOT NULL DEFAULT false,
    arrived_at          timestamptz NOT NULL,
    triaged_at          timestamptz,
    routed_at           timestamptz,
    answered_at         timestamptz,
    ended_at            timestamptz,
    CHECK (ended_at IS NULL OR ended_at >= arrived_at)
);
CREATE INDEX call_uniqueid_idx ON call (asterisk_uniqueid);
CREATE INDEX call_linkedid_idx ON call (asterisk_linkedid);
CREATE INDEX call_caller_idx ON call (caller_number, arrived_at DESC);
CREATE INDEX call_arrived_idx ON call (arrived_at DESC);
CREATE INDEX call_incident_idx ON call (incident_id);

-- Append-only timeline of typed events. event_id is made by the node (UUID) so a replay after an outage
-- is idempotent: none lost, none duplicated.
CREATE TABLE call_event (
    event_id  uuid PRIMARY KEY,
    call_id   uuid NOT NULL REFERENCES call (id) DEFERRABLE INITIALLY DEFERRED,
    seq       integer NOT NULL CHECK (seq >= 0),
    at        timestamptz NOT NULL,
    type      text NOT NULL CHECK (type IN (
                  'ARRIVED', 'PROMPT_PLAYED', 'DIGIT', 'INPUT_TIMEOUT', 'INVALID_INPUT', 'LANGUAGE_CHOSEN',
                  'TRIAGED', 'ROUTE_DECIDED', 'TARGET_TRIED', 'TARGET_FAILED', 'FALLBACK',
                  'QUEUE_JOINED', 'AGENT_RUNG', 'ANSWERED', 'TRANSFERRED', 'ABANDONED', 'HUNG_UP',
                  'MARKED_PRANK', 'INCIDENT_LINKED', 'NOTE')),
    data      jsonb NOT NULL DEFAULT '{}'::jsonb,
    UNIQUE (call_id, seq)
);
CREATE INDEX call_event_call_idx ON call_event (call_id, at);

CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;
CREATE TRIGGER call_event_append_only BEFORE UPDATE OR DELETE ON call_event
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Dispatchers' prank marks (Ley 29924). A caller with recent marks is "flagged": warned and
-- de-prioritised by the IVR, never blocked automatically.
CREATE TABLE caller_mark (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    caller_number text NOT NULL CHECK (length(caller_number) > 0),
    call_id       uuid REFERENCES call (id),
    kind          text NOT NULL DEFAULT 'PRANK' CHECK (kind IN ('PRANK')),
    marked_by     text NOT NULL,
    marked_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (call_id, kind)
);
CREATE INDEX caller_mark_caller_idx ON caller_mark (caller_number, marked_at DESC);

-- ---------------------------------------------------------------------------------------------------
-- Audit: who changed what, when, before and after. Append-only.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE audit_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text NOT NULL,
    action    text NOT NULL CHECK (action IN ('CREATE', 'UPDATE', 'DELETE', 'LOGIN', 'LOGIN_FAILED', 'APPLY')),
    entity    text NOT NULL,
    entity_id text,
    before    jsonb,
    after     jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at DESC);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
