-- card: creator cards (card.Store), one row per creator. The primary key
-- serves List (creator id order, bytewise: COLLATE "C").
CREATE TABLE cards (
    creator_id text COLLATE "C" PRIMARY KEY,
    version    bigint NOT NULL,
    doc        jsonb NOT NULL
);
