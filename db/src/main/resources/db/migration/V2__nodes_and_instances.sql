-- Nodes (hosts running a node agent), images and revisions (what apps run), and instances
-- (where each app instance runs and what its node reports about it).

-- A node joins a pool with a join token and gets its own credential (only its SHA-256 here).
CREATE TABLE nodes (
    id                 BIGSERIAL PRIMARY KEY,
    pool_id            BIGINT       NOT NULL REFERENCES node_pools (id),
    name               VARCHAR(63)  NOT NULL UNIQUE,
    address            VARCHAR(253) NOT NULL,
    agent_port         INT          NOT NULL CHECK (agent_port BETWEEN 1 AND 65535),
    credential_hash    VARCHAR(64)  NOT NULL UNIQUE,
    memory_mb          INT          NOT NULL CHECK (memory_mb >= 0),
    vcpus              INT          NOT NULL CHECK (vcpus >= 0),
    accelerator        VARCHAR(8)   NOT NULL CHECK (accelerator IN ('KVM', 'TCG')),
    allocated_mb       INT          NOT NULL DEFAULT 0,
    state              VARCHAR(16)  NOT NULL CHECK (state IN ('READY', 'CORDONED', 'DRAINING', 'DOWN')),
    -- Bumped whenever the node's desired instances change; agents long-poll on it.
    desired_version    BIGINT       NOT NULL DEFAULT 1,
    last_heartbeat_at  TIMESTAMPTZ  NOT NULL,
    agent_version      VARCHAR(64),
    joined_at          TIMESTAMPTZ  NOT NULL,
    version            BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX nodes_pool ON nodes (pool_id);

-- A bootable kernel image, content-addressed by the sha256 of its bytes.
CREATE TABLE images (
    digest          VARCHAR(64)  PRIMARY KEY,
    size_bytes      BIGINT       NOT NULL,
    runtime         VARCHAR(16)  NOT NULL,
    kernel_version  VARCHAR(64),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- What an app runs: an image plus the settings baked with it. Rollback points at an older one.
CREATE TABLE revisions (
    id            BIGSERIAL PRIMARY KEY,
    app_id        BIGINT       NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    number        INT          NOT NULL,
    image_digest  VARCHAR(64)  NOT NULL REFERENCES images (digest),
    description   VARCHAR(255) NOT NULL DEFAULT '',
    created_by    VARCHAR(64)  NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (app_id, number)
);

ALTER TABLE apps ADD COLUMN revision_id BIGINT REFERENCES revisions (id) ON DELETE SET NULL;

-- One row per app instance the scheduler wants or a node still runs. `desired` is the
-- scheduler's word (RUN, or STOP while it drains away); the rest is what the node reports.
CREATE TABLE instances (
    id               BIGSERIAL PRIMARY KEY,
    app_id           BIGINT        NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    idx              INT           NOT NULL CHECK (idx >= 0),
    revision_id      BIGINT        REFERENCES revisions (id) ON DELETE SET NULL,
    memory_mb        INT           NOT NULL,
    node_id          BIGINT        REFERENCES nodes (id) ON DELETE SET NULL,
    desired          VARCHAR(8)    NOT NULL DEFAULT 'RUN' CHECK (desired IN ('RUN', 'STOP')),
    state            VARCHAR(16)   NOT NULL CHECK (state IN ('UNCLAIMED', 'CLAIMED', 'STARTING', 'RUNNING', 'CRASHED', 'STOPPING', 'STOPPED')),
    state_since      TIMESTAMPTZ   NOT NULL,
    endpoint         VARCHAR(300),
    healthy          BOOLEAN,
    crash_count      INT           NOT NULL DEFAULT 0,
    last_crash_at    TIMESTAMPTZ,
    last_exit        VARCHAR(1024),
    placement_error  VARCHAR(1024),
    rss_bytes        BIGINT,
    cpu_seconds      DOUBLE PRECISION,
    created_at       TIMESTAMPTZ   NOT NULL
);
CREATE INDEX instances_app ON instances (app_id, idx);
CREATE INDEX instances_node ON instances (node_id);
