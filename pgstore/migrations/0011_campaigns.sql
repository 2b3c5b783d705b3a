-- campaigns: one row per campaign.Record, reservations and history inside
-- the jsonb document (one compare-and-swap decides a reservation against
-- everything else reserved). CreatedAt is (created_sec, created_nsec),
-- Unix seconds and nanosecond, exact; pilot is "still in its pilot phase"
-- (Pilot and not graduated), the filter of Query.OnlyPilots.
CREATE TABLE campaigns (
    id           text     COLLATE "C" PRIMARY KEY,
    advertiser   text     COLLATE "C" NOT NULL,
    state        smallint NOT NULL,
    pilot        boolean  NOT NULL,
    created_sec  bigint   NOT NULL,
    created_nsec integer  NOT NULL,
    budget       numeric  NOT NULL,
    version      bigint   NOT NULL,
    doc          jsonb    NOT NULL
);

-- List, newest first: (CreatedAt, id) descending, keyset on the three.
CREATE INDEX campaigns_created ON campaigns (created_sec DESC, created_nsec DESC, id DESC);
CREATE INDEX campaigns_advertiser_created ON campaigns (advertiser, created_sec DESC, created_nsec DESC, id DESC);
