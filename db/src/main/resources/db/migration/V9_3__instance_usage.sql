-- What an instance uses, for `paas app`, the dashboard and /q/metrics: its VM's CPU between its
-- node's last two heartbeats (percent of one core), and the guest's own memory use in bytes
-- (total - available, as the guest kernel counts it; null while its agent does not report it).
ALTER TABLE instances ADD COLUMN cpu_percent DOUBLE PRECISION;
ALTER TABLE instances ADD COLUMN memory_used_bytes BIGINT;
