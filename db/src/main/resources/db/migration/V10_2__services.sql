-- User-provided service instances, as Cloud Foundry's: credentials the user gives (stored
-- encrypted with the control plane's services key, never in clear), an optional syslog drain URL
-- and tags, owned by a space. Bound to apps of that space only.
CREATE TABLE service_instances (
    id                BIGSERIAL PRIMARY KEY,
    space_id          BIGINT       NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    name              VARCHAR(255) NOT NULL,
    -- Cloud Foundry's label; only 'user-provided' for now.
    type              VARCHAR(32)  NOT NULL DEFAULT 'user-provided',
    -- The credentials JSON object, AES-256-GCM with the services key: 'v1:<key id>:<base64>'.
    credentials       TEXT         NOT NULL,
    syslog_drain_url  TEXT,
    tags              JSONB        NOT NULL DEFAULT '[]'::jsonb,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    version           BIGINT       NOT NULL DEFAULT 0,
    UNIQUE (space_id, name)
);

-- An app bound to a service instance of its space; the binding's env reaches instances that
-- start from the next revision (a restart or a staging). A bound instance cannot be deleted.
CREATE TABLE service_bindings (
    id                   BIGSERIAL PRIMARY KEY,
    app_id               BIGINT       NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    service_instance_id  BIGINT       NOT NULL REFERENCES service_instances (id),
    -- Cloud Foundry's binding_name (null: the instance's name is used).
    name                 VARCHAR(255),
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (app_id, service_instance_id)
);
CREATE INDEX service_bindings_instance ON service_bindings (service_instance_id);

-- What a revision's instances receive as VCAP_SERVICES: the bindings' snapshot when the revision
-- was made, encrypted as the credentials are (null: no bindings, '{}'). A rollback restores it.
ALTER TABLE revisions ADD COLUMN services TEXT;
