-- star: the roster. One row per creator (star.CreatorRecord as jsonb, the
-- version apart) with real columns for every filter and sort of the
-- marketplace search (STR-3): money in fen (bigint, exact, the unit of a
-- search position's key), shares in basis points, the audience as dense
-- smallint arrays indexed by value (NULL when the dimension is unknown),
-- the keyword's text folded as the star package folds it (see
-- pgstore/star.go). Agencies and advertisers are plain versioned tables.
CREATE TABLE star_creators (
    id          text     COLLATE "C" PRIMARY KEY,
    platform    smallint NOT NULL,
    followers   bigint   NOT NULL,
    engagement  integer  NOT NULL,
    heat        bigint   NOT NULL,
    price_1     bigint,               -- fen per offer; NULL: not quoted
    price_2     bigint,
    price_3     bigint,
    price_4     bigint,
    region      smallint NOT NULL,
    categories  text[]   COLLATE "C" NOT NULL,
    genders     smallint[],           -- basis points, index = value
    ages        smallint[],
    regions     smallint[],
    mcn         text     COLLATE "C" NOT NULL,
    completed   bigint   NOT NULL,
    first_pass  integer,              -- basis points; NULL: never reviewed
    status      smallint NOT NULL,
    restricted  boolean  NOT NULL,
    listed      boolean  NOT NULL,
    nick_fold   text     NOT NULL,
    account_fold text    NOT NULL,
    version     bigint   NOT NULL,
    doc         jsonb    NOT NULL
);

-- Each sort's order, (key, id); the backward scan serves the descending one.
CREATE INDEX star_creators_heat ON star_creators (heat, id);
CREATE INDEX star_creators_engagement ON star_creators (engagement, id);
CREATE INDEX star_creators_followers ON star_creators (followers, id);
CREATE INDEX star_creators_price_1 ON star_creators (price_1, id) WHERE price_1 IS NOT NULL;
CREATE INDEX star_creators_price_2 ON star_creators (price_2, id) WHERE price_2 IS NOT NULL;
CREATE INDEX star_creators_price_3 ON star_creators (price_3, id) WHERE price_3 IS NOT NULL;
CREATE INDEX star_creators_price_4 ON star_creators (price_4, id) WHERE price_4 IS NOT NULL;
-- The default (listed) marketplace by heat.
CREATE INDEX star_creators_listed_heat ON star_creators (heat, id) WHERE listed;
-- Categories: any of (&&).
CREATE INDEX star_creators_categories ON star_creators USING gin (categories);
-- Keyword: substring of the folded nickname or account id.
CREATE INDEX star_creators_keyword ON star_creators USING gin (nick_fold public.gin_trgm_ops, account_fold public.gin_trgm_ops);
-- ListCreators of one MCN, in id order.
CREATE INDEX star_creators_mcn ON star_creators (mcn, id);

CREATE TABLE star_agencies (
    id      text   COLLATE "C" PRIMARY KEY,
    version bigint NOT NULL,
    doc     jsonb  NOT NULL
);

CREATE TABLE star_advertisers (
    id      text   COLLATE "C" PRIMARY KEY,
    version bigint NOT NULL,
    doc     jsonb  NOT NULL
);
