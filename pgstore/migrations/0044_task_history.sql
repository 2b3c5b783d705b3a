-- A task's history in a column of its own (issue 15, speed): a JSON
-- array as text that each change appends its new entries to in SQL
-- (table.go, tailSpec), with its length, instead of rewriting the whole
-- history inside the document on every change. Text, not json: the
-- server would check the whole array again on every append; the store
-- writes only what its JSON encoder wrote and reads it back through
-- encoding/json, which checks it.
--
-- Rows written before keep their history inside the document, with an
-- empty column (history_len 0), and the store reads it from there; their
-- next write (by this code) moves it here. So no row is rewritten now.
--
-- Upgrade every replica to this code before applying: older code reads
-- the history from the document only, and refuses a task written after
-- this migration (its document carries no history) as invalid.
ALTER TABLE tasks
    ADD COLUMN history     text    NOT NULL DEFAULT '[]',
    ADD COLUMN history_len integer NOT NULL DEFAULT 0;

DO $$
BEGIN
    ALTER TABLE tasks ALTER history SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    NULL; -- a server built without lz4: keep pglz
END
$$;
