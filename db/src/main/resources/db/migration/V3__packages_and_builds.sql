-- The push path: uploaded bits (packages), staging builds, and the staging queue.

-- An upload of an app's bits. The bytes live in the blob store under their sha256, shared by
-- every package with the same content (an unchanged push uploads nothing).
CREATE TABLE packages (
    id          BIGSERIAL PRIMARY KEY,
    app_id      BIGINT       NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    sha256      VARCHAR(64)  NOT NULL,
    size_bytes  BIGINT       NOT NULL,
    filename    VARCHAR(255) NOT NULL,
    created_by  VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX packages_app ON packages (app_id, id DESC);
CREATE INDEX packages_sha ON packages (sha256);

-- One staging of a package into an image. `log` keeps the staging output (STG lines).
CREATE TABLE builds (
    id            BIGSERIAL PRIMARY KEY,
    app_id        BIGINT        NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    package_id    BIGINT        NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    state         VARCHAR(16)   NOT NULL CHECK (state IN ('STAGING', 'STAGED', 'FAILED')),
    buildpack     VARCHAR(32),
    error         VARCHAR(2048),
    log           TEXT          NOT NULL DEFAULT '',
    phases        JSONB         NOT NULL DEFAULT '{}'::jsonb,
    image_digest  VARCHAR(64)   REFERENCES images (digest),
    revision_id   BIGINT        REFERENCES revisions (id) ON DELETE SET NULL,
    created_by    VARCHAR(64)   NOT NULL,
    created_at    TIMESTAMPTZ   NOT NULL,
    finished_at   TIMESTAMPTZ
);
CREATE INDEX builds_app ON builds (app_id, id DESC);

-- Staging work, taken by any control plane with FOR UPDATE SKIP LOCKED.
CREATE TABLE staging_queue (
    build_id     BIGINT       PRIMARY KEY REFERENCES builds (id) ON DELETE CASCADE,
    enqueued_at  TIMESTAMPTZ  NOT NULL,
    taken_by     VARCHAR(128),
    taken_at     TIMESTAMPTZ,
    attempts     INT          NOT NULL DEFAULT 0
);

-- The buildpack a manifest asked for (null: detect), and a release whose rolling deploy failed
-- (revision:memory), which keeps the rollout frozen until a new push or rollback.
ALTER TABLE apps ADD COLUMN buildpack VARCHAR(32);
ALTER TABLE apps ADD COLUMN failed_release VARCHAR(128);
ALTER TABLE revisions ADD COLUMN memory_mb INT;
