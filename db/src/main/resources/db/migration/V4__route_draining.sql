-- Draining: an instance the scheduler stops while it serves traffic is first taken out of the
-- route table (unrouted_at) and only asked to stop once every live router serves a table
-- without it, so no router sends a request to an app that is shutting down.
ALTER TABLE instances ADD COLUMN unrouted_at TIMESTAMPTZ;

-- The routers following the route table, as they last asked for it: the version of the table
-- each one serves and when it asked (a router is live while its long-poll may still run).
CREATE TABLE routers (
    id            VARCHAR(160)  PRIMARY KEY,
    table_version BIGINT        NOT NULL,
    wait_seconds  INT           NOT NULL,
    seen_at       TIMESTAMPTZ   NOT NULL
);
