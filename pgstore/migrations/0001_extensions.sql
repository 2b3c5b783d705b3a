-- pg_trgm serves the marketplace keyword search (substring matches on
-- nicknames and account ids, Chinese included). It lives in schema public,
-- database-wide: the stores' schema needs public on its search_path (the
-- default "$user", public has it).
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
