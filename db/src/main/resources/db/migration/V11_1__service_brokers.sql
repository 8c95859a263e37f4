-- Managed services through the Open Service Broker API (v2.17): brokers an admin registers, the
-- catalog each one offers (offerings and their plans, with the broker's own ids), and service
-- instances and bindings made by a broker.

-- A registered broker. The password is sealed with the services key as credentials are
-- ('v1:<key id>:<base64>'), and never shown.
CREATE TABLE service_brokers (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(255) NOT NULL UNIQUE,
    url         TEXT         NOT NULL,
    username    VARCHAR(255) NOT NULL,
    password    TEXT         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    version     BIGINT       NOT NULL DEFAULT 0
);

-- A service offering of a broker's catalog (OSB "service"). Names are unique platform-wide: users
-- create instances by offering and plan name. An offering that left the catalog while instances
-- of its plans exist stays, inactive (not in the marketplace), until they are gone.
CREATE TABLE service_offerings (
    id                  BIGSERIAL PRIMARY KEY,
    broker_id           BIGINT       NOT NULL REFERENCES service_brokers (id) ON DELETE CASCADE,
    broker_offering_id  VARCHAR(255) NOT NULL,
    name                VARCHAR(255) NOT NULL UNIQUE,
    description         TEXT         NOT NULL DEFAULT '',
    tags                JSONB        NOT NULL DEFAULT '[]'::jsonb,
    bindable            BOOLEAN      NOT NULL,
    active              BOOLEAN      NOT NULL DEFAULT true,
    UNIQUE (broker_id, broker_offering_id)
);

-- A plan of an offering. bindable null: the offering's. maximum_polling_duration (seconds, OSB):
-- how long an asynchronous operation may be polled before paas calls it failed.
CREATE TABLE service_plans (
    id                        BIGSERIAL PRIMARY KEY,
    offering_id               BIGINT       NOT NULL REFERENCES service_offerings (id) ON DELETE CASCADE,
    broker_plan_id            VARCHAR(255) NOT NULL,
    name                      VARCHAR(255) NOT NULL,
    description               TEXT         NOT NULL DEFAULT '',
    free                      BOOLEAN      NOT NULL DEFAULT true,
    bindable                  BOOLEAN,
    maximum_polling_duration  INTEGER,
    active                    BOOLEAN      NOT NULL DEFAULT true,
    UNIQUE (offering_id, broker_plan_id),
    UNIQUE (offering_id, name)
);

-- A managed instance has a plan and no credentials of its own (its bindings have them); a
-- user-provided one the other way round. Its last operation is what the broker last did or is
-- doing: type create|update|delete, state 'in progress'|succeeded|failed; operation is the
-- broker's opaque id of an asynchronous one, polled from next_poll_at on.
ALTER TABLE service_instances
    ALTER COLUMN credentials DROP NOT NULL,
    ADD COLUMN plan_id                     BIGINT REFERENCES service_plans (id),
    ADD COLUMN last_operation_type         VARCHAR(16),
    ADD COLUMN last_operation_state        VARCHAR(16),
    ADD COLUMN last_operation_description  TEXT,
    ADD COLUMN last_operation_updated_at   TIMESTAMPTZ,
    ADD COLUMN operation                   TEXT,
    ADD COLUMN operation_started_at        TIMESTAMPTZ,
    ADD COLUMN next_poll_at                TIMESTAMPTZ,
    ADD COLUMN polls                       INTEGER NOT NULL DEFAULT 0,
    ADD CONSTRAINT service_instances_kind CHECK (
        (type = 'user-provided' AND plan_id IS NULL AND credentials IS NOT NULL)
        OR (type = 'managed' AND plan_id IS NOT NULL AND credentials IS NULL)),
    ADD CONSTRAINT service_instances_last_operation CHECK (
        (last_operation_type IS NULL) = (last_operation_state IS NULL)
        AND last_operation_type IN ('create', 'update', 'delete')
        AND last_operation_state IN ('in progress', 'succeeded', 'failed'));
CREATE INDEX service_instances_plan ON service_instances (plan_id);
CREATE INDEX service_instances_polled ON service_instances (next_poll_at) WHERE last_operation_state = 'in progress';

-- A managed binding: the broker's binding id, the credentials the broker returned (sealed), and
-- the endpoint they name (host resolved once, when the binding was made) that the bound app's
-- instances may reach. A failed unbind keeps the binding and says why.
ALTER TABLE service_bindings
    ADD COLUMN broker_binding_id           VARCHAR(64) UNIQUE,
    ADD COLUMN credentials                 TEXT,
    ADD COLUMN egress_address              VARCHAR(15),
    ADD COLUMN egress_port                 INTEGER,
    ADD COLUMN last_operation_state        VARCHAR(16),
    ADD COLUMN last_operation_description  TEXT,
    ADD COLUMN last_operation_updated_at   TIMESTAMPTZ,
    ADD CONSTRAINT service_bindings_egress CHECK ((egress_address IS NULL) = (egress_port IS NULL)
        AND (egress_port IS NULL OR egress_port BETWEEN 1 AND 65535));
