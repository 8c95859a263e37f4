-- Scale to zero (issue 18): after idle_timeout_s seconds without a routed request (0: never) the
-- scheduler leader marks a started app idle (idle_since) and its web instances stop; a router's
-- wake (POST /v1/routing/wake) clears it. last_request_at is when the routers' request counts
-- last named the app (POST /v1/routing/metrics); it is written with a plain UPDATE that leaves
-- the row's version alone, so users' optimistic locking never trips over traffic.
ALTER TABLE apps ADD COLUMN idle_timeout_s INTEGER NOT NULL DEFAULT 0
    CONSTRAINT apps_idle_timeout_range CHECK (idle_timeout_s BETWEEN 0 AND 86400);
ALTER TABLE apps ADD COLUMN idle_since TIMESTAMPTZ;
ALTER TABLE apps ADD COLUMN last_request_at TIMESTAMPTZ;
