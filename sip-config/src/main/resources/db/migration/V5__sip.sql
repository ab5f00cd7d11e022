-- sip-config: where the SIP trunks' far ends are, so the Asterisk configuration (pjsip.conf) and the OPTIONS
-- probes follow from the database. Secrets are never stored here: they come from the environment or a
-- secrets file when the configuration is generated.

CREATE TABLE sip_trunk (
    -- The PJSIP endpoint name. For OUTBOUND trunks it equals route_target.asterisk_name of the trunk target.
    endpoint        text PRIMARY KEY CHECK (endpoint ~ '^[A-Za-z0-9_.-]{1,80}$'),
    -- OUTBOUND: we dial it (agency trunks, district-central gateways). INBOUND: calls reach us on it (carriers).
    direction       text NOT NULL CHECK (direction IN ('OUTBOUND', 'INBOUND')),
    -- IP address or host name of the far end; the trunk is identified by it and probed at it.
    host            text NOT NULL CHECK (host ~ '^[A-Za-z0-9.:-]{1,253}$'),
    port            integer NOT NULL DEFAULT 5060 CHECK (port BETWEEN 1 AND 65535),
    -- Route target whose availability this trunk's OPTIONS probe reports (NULL: not probed for routing).
    target_code     text REFERENCES route_target (code),
    -- INBOUND trunks that serve one district: calls on them carry CU_TRUNK_DISTRICT.
    district_ubigeo char(6) REFERENCES district (ubigeo),
    -- true: the far end authenticates with a secret (from the secrets source); false: identified by address.
    auth            boolean NOT NULL DEFAULT false,
    probe           boolean NOT NULL DEFAULT true,
    CHECK (direction = 'INBOUND' OR district_ubigeo IS NULL)
);
CREATE UNIQUE INDEX sip_trunk_target_idx ON sip_trunk (target_code);

-- The reference deployment's trunks, on documentation addresses (TEST-NET-1): each deployment sets the real
-- addresses through the admin console before it generates its configuration.
INSERT INTO sip_trunk (endpoint, direction, host, port, target_code, district_ubigeo, auth, probe) VALUES
    ('carrier', 'INBOUND', '192.0.2.2', 5060, NULL, NULL, false, true),
    ('trunk-cgbvp', 'OUTBOUND', '192.0.2.12', 5060, 'T-CGBVP', NULL, false, true),
    ('trunk-linea100', 'OUTBOUND', '192.0.2.14', 5060, 'T-LINEA100', NULL, false, true),
    ('trunk-pnp', 'OUTBOUND', '192.0.2.11', 5060, 'T-PNP', NULL, false, true),
    ('trunk-samu', 'OUTBOUND', '192.0.2.13', 5060, 'T-SAMU', NULL, false, true);
