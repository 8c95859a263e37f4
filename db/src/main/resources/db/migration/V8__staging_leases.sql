-- Staging survives its control plane (issue 21).
-- A taken build is leased: its worker renews lease_until while it runs; once it lapses (the
-- worker's control plane died) any control plane takes the build again. Rows taken before this
-- migration have no lease and count as lapsed.
ALTER TABLE staging_queue ADD COLUMN lease_until TIMESTAMPTZ;

-- A push generation per app, bumped by every build queued and every rollback. A build records
-- the generation it was queued at and becomes current only if no newer one exists, checked in
-- the transaction that would make it current (with the app's row locked).
ALTER TABLE apps ADD COLUMN push_generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE builds ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
