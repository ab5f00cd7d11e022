-- Units the agencies sent to an incident (issue 13), as each agency last reported them in an EIDO
-- (emergencyResourceComponent). Keyed by the agency's own component id, so a re-delivered message changes
-- nothing; reported_at is the version held (the component's lastUpdateTimeStamp): an older report never
-- overwrites a newer one, it is a conflict shown in the narrative.
CREATE TABLE incident_unit (
    incident_id    bigint NOT NULL REFERENCES incident (id),
    agency_code    text NOT NULL REFERENCES agency (code),
    component_id   text NOT NULL CHECK (component_id ~ '^[A-Za-z0-9_.:-]{1,150}$'),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    resource_type  text NOT NULL,
    status         text NOT NULL CHECK (status IN ('DISPATCHED', 'EN_ROUTE', 'ON_SCENE', 'CLEARED')),
    dispatched_at  timestamptz,
    en_route_at    timestamptz,
    on_scene_at    timestamptz,
    cleared_at     timestamptz,
    reported_at    timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (incident_id, agency_code, component_id)
);

-- Agencies hear of each other's units through the same outbox as every other change of the incident.
CREATE TRIGGER incident_unit_exchange AFTER INSERT OR UPDATE ON incident_unit
    FOR EACH ROW EXECUTE FUNCTION exchange_incident_changed();
