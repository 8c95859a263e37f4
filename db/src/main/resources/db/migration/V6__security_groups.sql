-- Security groups, as Cloud Foundry's application security groups: named allow-lists of egress
-- rules (protocol, destination, ports). A group applies to an app's instances when it is bound
-- platform-wide or to the app's space; whatever no applying rule allows is denied.
CREATE TABLE security_groups (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(63)  NOT NULL UNIQUE,
    -- Validated, normalised rules: [{"protocol", "destination", "ports"?, "description"?}].
    rules       JSONB        NOT NULL DEFAULT '[]'::jsonb,
    -- Bound platform-wide: applies to every app of every space.
    platform    BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    version     BIGINT       NOT NULL DEFAULT 0
);

-- Bindings to spaces; they go with the group or the space.
CREATE TABLE security_group_spaces (
    security_group_id  BIGINT NOT NULL REFERENCES security_groups (id) ON DELETE CASCADE,
    space_id           BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    PRIMARY KEY (security_group_id, space_id)
);
CREATE INDEX security_group_spaces_space ON security_group_spaces (space_id);

-- The defaults Cloud Foundry ships, bound platform-wide: the public internet and DNS. Written as
-- allow ranges around what stays denied: 0/8 (this network), 10/8, 172.16/12, 192.168/16
-- (RFC 1918), 100.64/10 (RFC 6598 carrier-grade NAT), 127/8 (loopback), 169.254/16
-- (link-local, cloud metadata), 224/4 (multicast) and 240/4 (reserved, broadcast).
INSERT INTO security_groups (name, rules, platform) VALUES
    ('public_networks', '[
        {"protocol": "all", "destination": "1.0.0.0-9.255.255.255"},
        {"protocol": "all", "destination": "11.0.0.0-100.63.255.255"},
        {"protocol": "all", "destination": "100.128.0.0-126.255.255.255"},
        {"protocol": "all", "destination": "128.0.0.0-169.253.255.255"},
        {"protocol": "all", "destination": "169.255.0.0-172.15.255.255"},
        {"protocol": "all", "destination": "172.32.0.0-192.167.255.255"},
        {"protocol": "all", "destination": "192.169.0.0-223.255.255.255"}
    ]'::jsonb, TRUE),
    ('dns', '[
        {"protocol": "tcp", "destination": "0.0.0.0/0", "ports": "53"},
        {"protocol": "udp", "destination": "0.0.0.0/0", "ports": "53"}
    ]'::jsonb, TRUE);
