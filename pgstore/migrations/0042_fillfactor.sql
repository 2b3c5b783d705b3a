-- Room for HOT updates (issue 15, speed). The records that change again
-- and again (a task on every command, a campaign on every reservation, a
-- grant on every renewal, a card on every sync or edit) are rewritten as a
-- new row version each time. When the new version fits on the same page
-- and no indexed column changed, PostgreSQL writes it as a heap-only tuple:
-- no new entry in any index and the old version pruned in place. Pages
-- filled to the brim (the default, fillfactor 100) leave no room, so every
-- update went to another page and into every index of the table; at 70 a
-- page keeps about a third free for the next versions of its rows. In the
-- transition benchmark (bench_test.go) 95% of the task updates were
-- already heap-only (pruning frees room), 99% at 70: the rest wrote an
-- entry into each of the table's six indexes.
-- Existing pages keep their fill until rewritten (VACUUM FULL or
-- CLUSTER); new pages follow the setting.
ALTER TABLE tasks SET (fillfactor = 70);
ALTER TABLE campaigns SET (fillfactor = 70);
ALTER TABLE authz_grants SET (fillfactor = 70);
ALTER TABLE cards SET (fillfactor = 70);
