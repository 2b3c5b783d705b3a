-- tasks: one row per task.Record. The whole record (history and postings
-- included) is the jsonb document, so one UPDATE writes a change and its
-- history together; the columns are what the queries filter and sort on.
-- DueAt is (due_sec, due_nsec): Unix seconds and nanosecond, exact
-- (timestamptz keeps microseconds; one bigint of nanoseconds ends in 2262,
-- before starmap.MaxDate), both NULL when the task waits on no clock.
CREATE TABLE tasks (
    id         text     COLLATE "C" PRIMARY KEY,
    advertiser text     COLLATE "C" NOT NULL,
    creator    text     COLLATE "C" NOT NULL,
    state      smallint NOT NULL,
    due_sec    bigint,
    due_nsec   integer,
    price      numeric  NOT NULL,
    fee        numeric  NOT NULL,
    version    bigint   NOT NULL,
    doc        jsonb    NOT NULL
);

-- List by advertiser / by creator, in id order (keyset on id).
CREATE INDEX tasks_advertiser_id ON tasks (advertiser, id);
CREATE INDEX tasks_creator_id ON tasks (creator, id);

-- ListDue: the tasks whose DueAt has come, by (DueAt, id).
CREATE INDEX tasks_due ON tasks (due_sec, due_nsec, id) WHERE due_sec IS NOT NULL;
