-- Scale to zero, one instance first (issue 18): a router's wake of an idle app sets woken_at, and
-- while it is set the scheduler sees at most 1 web instance for the app, so the request that woke
-- it waits for one boot (or restore) with no competition from the app's other instances. The
-- leader's idle loop clears it once a web instance of the app's current revision serves (RUNNING,
-- healthy); any user action (start, stop, scale or other change, push, restart, rollback) clears
-- it at once. An idle app is not waking.
ALTER TABLE apps ADD COLUMN woken_at TIMESTAMPTZ;
ALTER TABLE apps ADD CONSTRAINT apps_idle_or_woken CHECK (idle_since IS NULL OR woken_at IS NULL);
