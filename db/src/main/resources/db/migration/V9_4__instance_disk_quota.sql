-- The disk quota an instance was placed with (MiB), next to its memory: part of what it runs, so
-- a disk_quota change rolls the app's instances as a memory change does, and the node agent
-- gets it in the desired state (the guest's writable disk, enforced since this version). Null for
-- instances placed before: they count as Cloud Foundry's default, 1024.
ALTER TABLE instances ADD COLUMN disk_mb INTEGER;
