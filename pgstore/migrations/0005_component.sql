-- component: mini-program components (component.Store). A component's
-- list position in its owner's library is its creation instant as Unix
-- seconds and nanoseconds (exact, as the cursor names it), then its id.
CREATE TABLE components (
    id           text COLLATE "C" PRIMARY KEY,
    owner        text COLLATE "C" NOT NULL,
    state        smallint NOT NULL,
    channel      smallint NOT NULL,
    created_sec  bigint NOT NULL,
    created_nsec integer NOT NULL,
    version      bigint NOT NULL,
    doc          jsonb NOT NULL
);
-- List of one owner's library (any filter): the list order.
CREATE INDEX components_owner ON components (owner, created_sec, created_nsec, id);
-- List of one owner's components in a state and channel (the order form:
-- the valid components of a channel), in the list order.
CREATE INDEX components_owner_state_channel ON components (owner, state, channel, created_sec, created_nsec, id);
