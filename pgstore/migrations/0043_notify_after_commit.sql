-- The log's notifications leave the writing transaction (issue 15,
-- speed). NOTIFY queues its notification at commit under one lock for the
-- whole server, so every transaction that appended events waited there
-- for the others. The stores now notify themselves (notify.go): in the
-- statement that writes, inside a host's transaction; after the commit,
-- folded together, outside one. The channel and the payload (the schema)
-- are the same, so EventWaker and any other listener see no difference
-- but the timing.
--
-- Upgrade every replica to this code before applying: older code writes
-- without notifying once the trigger is gone (its followers then learn
-- of commits at their poll interval).
DROP TRIGGER starmap_events_notify ON starmap_events;
DROP FUNCTION starmap_events_notify();
