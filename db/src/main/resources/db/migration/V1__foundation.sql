-- Foundation schema: identities, spaces, apps, routes, the audit trail and node pools.
-- Released migrations are never edited; add V2__... instead.

CREATE TABLE users (
    id             BIGSERIAL PRIMARY KEY,
    username       VARCHAR(64)  NOT NULL UNIQUE,
    password_hash  VARCHAR(255) NOT NULL,
    role           VARCHAR(16)  NOT NULL CHECK (role IN ('ADMIN', 'DEVELOPER')),
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- API tokens are random secrets; only their SHA-256 is stored.
CREATE TABLE api_tokens (
    id            BIGSERIAL PRIMARY KEY,
    user_id       BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash    VARCHAR(64) NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE spaces (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(63) NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE space_members (
    space_id  BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (space_id, user_id)
);
CREATE INDEX space_members_user ON space_members (user_id);

CREATE TABLE apps (
    id                      BIGSERIAL PRIMARY KEY,
    space_id                BIGINT       NOT NULL REFERENCES spaces (id),
    name                    VARCHAR(63)  NOT NULL,
    state                   VARCHAR(16)  NOT NULL CHECK (state IN ('STARTED', 'STOPPED')),
    instances               INT          NOT NULL CHECK (instances BETWEEN 0 AND 100),
    memory_mb               INT          NOT NULL CHECK (memory_mb BETWEEN 64 AND 8192),
    command                 VARCHAR(4096),
    env                     JSONB        NOT NULL DEFAULT '{}'::jsonb,
    health_check_type       VARCHAR(16)  NOT NULL CHECK (health_check_type IN ('PORT', 'HTTP', 'PROCESS')),
    health_check_endpoint   VARCHAR(255),
    health_check_timeout_s  INT          NOT NULL CHECK (health_check_timeout_s BETWEEN 1 AND 180),
    version                 BIGINT       NOT NULL DEFAULT 0,
    created_at              TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (space_id, name)
);

-- A route is claimed by a space and may point at one app of that space.
CREATE TABLE routes (
    id          BIGSERIAL PRIMARY KEY,
    space_id    BIGINT       NOT NULL REFERENCES spaces (id),
    host        VARCHAR(253) NOT NULL,
    path        VARCHAR(128) NOT NULL DEFAULT '',
    app_id      BIGINT       REFERENCES apps (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (host, path)
);
CREATE INDEX routes_app ON routes (app_id);

-- The audit trail. space/app names are copied so events outlive what they describe.
CREATE TABLE events (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor       VARCHAR(64)  NOT NULL,
    action      VARCHAR(64)  NOT NULL,
    space_id    BIGINT       REFERENCES spaces (id) ON DELETE SET NULL,
    app_id      BIGINT       REFERENCES apps (id) ON DELETE SET NULL,
    target      VARCHAR(255) NOT NULL,
    details     JSONB        NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX events_app_at ON events (app_id, id DESC);
CREATE INDEX events_space_at ON events (space_id, id DESC);

CREATE TABLE node_pools (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(63) NOT NULL UNIQUE,
    labels      JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Join tokens let a node agent register into a pool; only their SHA-256 is stored.
CREATE TABLE join_tokens (
    id           BIGSERIAL PRIMARY KEY,
    pool_id      BIGINT       NOT NULL REFERENCES node_pools (id) ON DELETE CASCADE,
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    description  VARCHAR(255),
    created_by   VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX join_tokens_pool ON join_tokens (pool_id);
