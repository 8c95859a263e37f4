-- Draining becomes a state of its own (InstanceState.DRAINING: RUNNING -> DRAINING -> STOPPING/
-- STOPPED/CRASHED) instead of a nullable instances.unrouted_at beside the state.
ALTER TABLE instances DROP CONSTRAINT instances_state_check;
ALTER TABLE instances ADD CONSTRAINT instances_state_check
    CHECK (state IN ('UNCLAIMED', 'CLAIMED', 'STARTING', 'RUNNING', 'DRAINING', 'CRASHED', 'STOPPING', 'STOPPED'));

-- A RUNNING instance waiting for the routers: DRAINING since it was unrouted (the 30 s limit
-- counts from state_since now).
UPDATE instances SET state = 'DRAINING', state_since = unrouted_at
 WHERE unrouted_at IS NOT NULL AND desired = 'RUN' AND state = 'RUNNING';

-- One unrouted that had left RUNNING by itself was stopped at the next round anyway (it had
-- nothing to wait for): ask for that stop now. Rows already asked to stop keep their state.
UPDATE instances SET desired = 'STOP'
 WHERE unrouted_at IS NOT NULL AND desired = 'RUN' AND state <> 'DRAINING';

ALTER TABLE instances DROP COLUMN unrouted_at;
