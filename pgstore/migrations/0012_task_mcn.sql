-- tasks kept with an MCN (MCN-3): task.Query.MCN lists the tasks whose
-- Record.MCN is the agency, newest first by (OrderedAt, id) descending.
-- mcn is '' for a task without an MCN; OrderedAt is (ordered_sec,
-- ordered_nsec), Unix seconds and nanosecond, exact, as DueAt is. The
-- existing rows are filled from their document (the jsonb of task.Record:
-- "MCN", and "OrderedAt" in RFC 3339 with up to nine fraction digits).
ALTER TABLE tasks
    ADD COLUMN mcn          text    COLLATE "C" NOT NULL DEFAULT '',
    ADD COLUMN ordered_sec  bigint  NOT NULL DEFAULT 0,
    ADD COLUMN ordered_nsec integer NOT NULL DEFAULT 0;

UPDATE tasks SET
    mcn          = COALESCE(doc->>'MCN', ''),
    ordered_sec  = floor(extract(epoch FROM (doc->>'OrderedAt')::timestamptz))::bigint,
    ordered_nsec = COALESCE(rpad(substring(doc->>'OrderedAt' FROM '\.([0-9]{1,9})'), 9, '0')::integer, 0)
WHERE doc->>'OrderedAt' IS NOT NULL; -- json or jsonb (0041 makes doc json)

-- The defaults served the rows above; every write sets the columns.
ALTER TABLE tasks
    ALTER COLUMN mcn DROP DEFAULT,
    ALTER COLUMN ordered_sec DROP DEFAULT,
    ALTER COLUMN ordered_nsec DROP DEFAULT;

-- List by MCN (订单接收), newest first, keyset on (ordered, id).
CREATE INDEX tasks_mcn_ordered ON tasks (mcn, ordered_sec DESC, ordered_nsec DESC, id DESC);
-- List by MCN and creator (a signed creator's tasks, 签约达人管理).
CREATE INDEX tasks_mcn_creator_ordered ON tasks (mcn, creator, ordered_sec DESC, ordered_nsec DESC, id DESC);
