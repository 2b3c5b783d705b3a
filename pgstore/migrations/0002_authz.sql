-- authz: grants and live-session requests (authz.Store). Keys are real
-- columns in byte order (COLLATE "C"), the grantee kind by its number; the
-- whole record (history included) is the jsonb doc.
CREATE TABLE authz_grants (
    creator      text COLLATE "C" NOT NULL,
    grantee_kind smallint NOT NULL,
    grantee_id   text COLLATE "C" NOT NULL,
    version      bigint NOT NULL,
    doc          jsonb NOT NULL,
    PRIMARY KEY (creator, grantee_kind, grantee_id)
);
-- ListGrants by grantee (with or without a creator): the grantee's grants
-- in creator order.
CREATE INDEX authz_grants_grantee ON authz_grants (grantee_kind, grantee_id, creator);

CREATE TABLE authz_live (
    creator      text COLLATE "C" NOT NULL,
    session      text COLLATE "C" NOT NULL,
    grantee_kind smallint NOT NULL,
    grantee_id   text COLLATE "C" NOT NULL,
    state        smallint NOT NULL,
    version      bigint NOT NULL,
    doc          jsonb NOT NULL,
    PRIMARY KEY (creator, session, grantee_kind, grantee_id)
);
-- ListLive by grantee: the grantee's requests in key order.
CREATE INDEX authz_live_grantee ON authz_live (grantee_kind, grantee_id, creator, session);
-- ListLive by state (with or without a creator): in key order.
CREATE INDEX authz_live_state ON authz_live (state, creator, session, grantee_kind, grantee_id);
