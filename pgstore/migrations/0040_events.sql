-- starmap_events: the event log (OPS-1), a transactional outbox. Every
-- store write appends the events of its change in the same statement as
-- the record (table.go), so an event is stored exactly when its change
-- commits.
--
-- Position = (commit_xid, seq). commit_xid is the id of the writing
-- top-level transaction (pg_current_xact_id() is the top-level id also
-- inside a savepoint), so the events of one transaction share it; seq is
-- drawn from a sequence and orders them within it. A reader sees only the
-- events of transactions whose id is below the xmin of its snapshot (every
-- transaction with a smaller id has ended): a transaction still running has
-- an id ≥ that xmin, and one not yet holding an id will get a larger one,
-- so nothing that commits later can sort before a position already read.
CREATE TABLE starmap_events (
    commit_xid xid8    NOT NULL DEFAULT pg_current_xact_id(),
    seq        bigint  GENERATED ALWAYS AS IDENTITY,
    type       text    COLLATE "C" NOT NULL,
    subject    text    COLLATE "C" NOT NULL,
    actor      text    COLLATE "C" NOT NULL, -- Actor.String(), '' for none
    at_sec     bigint  NOT NULL,             -- At as Unix seconds,
    at_nsec    integer NOT NULL,             -- the nanosecond,
    at_offset  integer NOT NULL,             -- and its zone's offset (s)
    from_state text    NOT NULL,
    to_state   text    NOT NULL,
    note       text    NOT NULL,
    -- ReadEvents: WHERE (commit_xid, seq) > (position) AND commit_xid <
    -- xmin ORDER BY commit_xid, seq LIMIT n, an ordered scan of this key.
    PRIMARY KEY (commit_xid, seq)
);

-- Wake-ups: a notification on channel starmap_events, payload the schema,
-- sent by each statement that appends events and delivered when its
-- transaction commits (never for one that rolls back). Notifications of
-- one transaction with one payload are folded into one. A statement that
-- inserted no row (a compare-and-swap that missed) notifies nobody.
CREATE FUNCTION starmap_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM appended) THEN
        PERFORM pg_notify('starmap_events', TG_TABLE_SCHEMA);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER starmap_events_notify AFTER INSERT ON starmap_events
    REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION starmap_events_notify();
