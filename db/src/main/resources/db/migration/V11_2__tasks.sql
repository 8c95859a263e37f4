-- One-off tasks (Cloud Foundry's `cf run-task`): a command run once in a VM of its own, from the
-- app's revision current when the task was created, with that revision's env and VCAP_SERVICES.
-- The task row is what users see (its state and outcome, kept after the VM is gone); the VM is an
-- `instances` row with `task_id` set, so placement, the agents' desired lists, heartbeats, logs
-- and stops work as for any instance. Never restarted.
CREATE TABLE tasks (
    id              BIGSERIAL PRIMARY KEY,
    app_id          BIGINT        NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    -- Cloud Foundry's sequence_id: 1, 2, 3... per app; what `paas terminate-task APP ID` names.
    sequence_id     INT           NOT NULL CHECK (sequence_id >= 1),
    guid            VARCHAR(36)   NOT NULL UNIQUE,
    name            VARCHAR(64)   NOT NULL,
    command         VARCHAR(4096) NOT NULL,
    state           VARCHAR(16)   NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    exit_code       INT,
    failure_reason  VARCHAR(1024),
    memory_mb       INT           NOT NULL CHECK (memory_mb > 0),
    disk_mb         INT           NOT NULL CHECK (disk_mb > 0),
    revision_id     BIGINT        REFERENCES revisions (id) ON DELETE SET NULL,
    -- Where its VM ran, and the id of its VM's instance row, kept after that row is gone: the
    -- node agent keeps an ended VM's lines for a while, so `paas logs --recent` still shows them.
    node_name       VARCHAR(63),
    instance_id     BIGINT,
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL,
    -- Optimistic locking: a cancel and the heartbeat that reports the VM's end never both win.
    version         BIGINT        NOT NULL DEFAULT 0,
    UNIQUE (app_id, sequence_id)
);

-- The VM of a task: an instance row that belongs to it (process_type 'TASK', never a process type's
-- name, which is lower case). Gone with its task.
ALTER TABLE instances ADD COLUMN task_id BIGINT REFERENCES tasks (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX instances_task ON instances (task_id) WHERE task_id IS NOT NULL;
