-- Snapshot clones (issue 18): which node holds a snapshot of which revision, as each node's
-- heartbeats report it (the api replaces a node's rows with every report; an agent too old to
-- report leaves them as they are). A node without a revision's snapshot boots its instances cold
-- (snapshots never leave their node), so the scheduler prefers a node holding one when it places
-- an instance of that revision with the same memory and disk. Rows go with their node and revision.
CREATE TABLE snapshots (
    id            BIGSERIAL    PRIMARY KEY,
    node_id       BIGINT       NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    revision_id   BIGINT       NOT NULL REFERENCES revisions (id) ON DELETE CASCADE,
    memory_mb     INT          NOT NULL CHECK (memory_mb > 0),
    disk_mb       INT          NOT NULL CHECK (disk_mb > 0),
    accelerator   VARCHAR(8)   NOT NULL CHECK (accelerator IN ('KVM', 'TCG')),
    size_bytes    BIGINT       NOT NULL CHECK (size_bytes >= 0),
    last_used_at  TIMESTAMPTZ  NOT NULL,
    -- The heartbeat that reported the row as it stands (unchanged reports write nothing).
    reported_at   TIMESTAMPTZ  NOT NULL,
    UNIQUE (node_id, revision_id, memory_mb, disk_mb)
);
-- The unique index serves the per-node replace; the revision's cascade needs its own.
CREATE INDEX snapshots_revision ON snapshots (revision_id);
