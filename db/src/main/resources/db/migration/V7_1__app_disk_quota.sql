-- An app's disk quota per instance (Cloud Foundry's disk_quota, paas push -k), in MiB; null when
-- none was set. Recorded and shown; the guest does not enforce it yet.
ALTER TABLE apps ADD COLUMN disk_mb INTEGER;
