-- Supervisors' figures (issue 12): ONE definition of every per-call KPI fact, as a view over the call records and
-- their timelines, used live by the wallboard (today's calls) and copied into kpi_call_fact for reports.
-- Test calls (CU_TEST) are not in the view at all, so no figure can count them.
--
--   central      the agency owning the LAST queue the call joined (where a retry ended up), NULL if never queued
--   queued_at    first QUEUE_JOINED: the end of the IVR (ivr_s = queued_at - arrived_at)
--   answered_at  first ANSWERED by a person (a later transfer does not move it); answer_s is measured from arrival
--                (NENA-STA-020), so IVR time counts against the standard
--   offered      the call reached people: queued or answered (denominator of answer-time and abandonment)
--   abandoned    offered, ended, never answered
--   improper     prank-marked, or SILENT with no incident, or hung up in the IVR (ended, never offered, ABANDONED)
CREATE VIEW kpi_call AS
SELECT c.id                                                          AS call_id,
       c.arrived_at,
       c.ended_at,
       c.district_ubigeo,
       c.emergency_type_code,
       c.language,
       q.central,
       ev.queued_at,
       ev.answered_at,
       (ev.queued_at IS NOT NULL OR ev.answered_at IS NOT NULL)      AS offered,
       extract(epoch FROM ev.answered_at - c.arrived_at)::float8     AS answer_s,
       extract(epoch FROM ev.queued_at - c.arrived_at)::float8       AS ivr_s,
       ((ev.queued_at IS NOT NULL OR ev.answered_at IS NOT NULL)
           AND ev.answered_at IS NULL AND c.ended_at IS NOT NULL)    AS abandoned,
       (c.prank
           OR (c.caller_class = 'SILENT' AND c.incident_id IS NULL AND c.ended_at IS NOT NULL)
           OR (c.ended_at IS NOT NULL AND ev.queued_at IS NULL AND ev.answered_at IS NULL
               AND c.outcome = 'ABANDONED'))                         AS improper
FROM call c
-- one pass over the call's own events (index call_event_call_idx): a few rows per call
LEFT JOIN LATERAL (
    SELECT min(e.at) FILTER (WHERE e.type = 'QUEUE_JOINED') AS queued_at,
           min(e.at) FILTER (WHERE e.type = 'ANSWERED') AS answered_at,
           (array_agg(e.data ->> 'queue' ORDER BY e.seq DESC) FILTER (WHERE e.type = 'QUEUE_JOINED'))[1] AS last_queue
      FROM call_event e
     WHERE e.call_id = c.id AND e.type IN ('QUEUE_JOINED', 'ANSWERED')
) ev ON true
LEFT JOIN LATERAL (
    SELECT t.agency_code AS central FROM route_target t
     WHERE t.kind = 'QUEUE' AND t.asterisk_name = ev.last_queue ORDER BY t.code LIMIT 1
) q ON true
WHERE NOT c.test_call;

-- The same facts for ended calls, kept for reports (a year of calls must answer in under a second; computing the
-- view over a year would read every timeline). Filled off the call path by the console's KpiRollup.
CREATE TABLE kpi_call_fact (
    call_id             uuid PRIMARY KEY,
    arrived_at          timestamptz NOT NULL,
    ended_at            timestamptz,
    district_ubigeo     char(6),
    emergency_type_code text,
    language            text,
    central             text,
    queued_at           timestamptz,
    answered_at         timestamptz,
    offered             boolean NOT NULL,
    answer_s            float8,
    ivr_s               float8,
    abandoned           boolean NOT NULL,
    improper            boolean NOT NULL
);
-- Calls arrive in time order, so a BRIN index on arrival is tiny and prunes a date range well.
CREATE INDEX kpi_call_fact_arrived_brin ON kpi_call_fact USING brin (arrived_at);

-- Day roll-ups for reports over long ranges (measured: grouping a year of raw facts with percentiles took 3–4 s on
-- 2 cores; this table holds ~130 rows a day). One row per local day (the centre's zone), dimension and key, with the
-- counts and the IVR seconds as a sparse histogram (whole seconds → calls), from which percentiles are interpolated.
CREATE TABLE kpi_day (
    day        date NOT NULL,
    dimension  text NOT NULL CHECK (dimension IN ('ALL', 'HOUR', 'CENTRAL', 'DISTRICT', 'TYPE', 'LANGUAGE')),
    key        text NOT NULL,
    calls      integer NOT NULL,
    settled    integer NOT NULL,
    within15   integer NOT NULL,
    within20   integer NOT NULL,
    abandoned  integer NOT NULL,
    improper   integer NOT NULL,
    ivr_secs   integer[] NOT NULL,
    ivr_counts integer[] NOT NULL,
    PRIMARY KEY (dimension, day, key)
);

-- Hotspots read incidents by creation time over recent weeks; incidents are created in time order.
CREATE INDEX incident_created_brin ON incident USING brin (created_at);
