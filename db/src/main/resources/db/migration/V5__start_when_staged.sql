-- A restart of a stopped app stages its package again and starts the app only once the new
-- revision exists, so the old revision is not booted first just to be replaced. A stop asked for
-- while the build runs clears the flag.
ALTER TABLE builds ADD COLUMN start_when_staged BOOLEAN NOT NULL DEFAULT FALSE;
