-- Process types other than web (Cloud Foundry's `processes:`: worker, clock, any name). The web
-- process stays the app's own columns (instances, memory_mb, command, health check...), so every
-- app made before keeps working with no data moved, and routes, rollouts and the dashboard keep
-- reading the app row; a row here is one more process type of the app, run from the same
-- revision (image) with the app's env and its own start command. None of them has a route.
CREATE TABLE app_processes (
    id                      BIGSERIAL PRIMARY KEY,
    app_id                  BIGINT        NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    type                    VARCHAR(30)   NOT NULL CHECK (type ~ '^[a-z0-9][a-z0-9_-]*$' AND type <> 'web'),
    command                 VARCHAR(4096) NOT NULL,
    instances               INT           NOT NULL CHECK (instances BETWEEN 0 AND 100),
    memory_mb               INT           NOT NULL CHECK (memory_mb BETWEEN 64 AND 8192),
    disk_mb                 INT,
    health_check_type       VARCHAR(16)   NOT NULL CHECK (health_check_type IN ('PORT', 'HTTP', 'PROCESS')),
    health_check_endpoint   VARCHAR(255),
    health_check_timeout_s  INT           NOT NULL CHECK (health_check_timeout_s BETWEEN 1 AND 180),
    -- A release (revision:memory:disk) whose rolling deploy failed, as apps.failed_release.
    failed_release          VARCHAR(128),
    version                 BIGINT        NOT NULL DEFAULT 0,
    created_at              TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ   NOT NULL DEFAULT now(),
    UNIQUE (app_id, type)
);

-- Which process type an instance runs; indexes count per process type (web #0, worker #0...).
ALTER TABLE instances ADD COLUMN process_type VARCHAR(30) NOT NULL DEFAULT 'web';
