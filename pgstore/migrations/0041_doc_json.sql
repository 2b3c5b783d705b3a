-- The record documents as json, not jsonb (issue 15, speed). The stores
-- never look inside a document in SQL — every filter and order has a
-- real column — so jsonb's parsed form bought nothing, and building it on
-- every write and printing it back as text on every read was most of a
-- task transition's server time: on an 8 KB task document an UPDATE took
-- about 1.5 ms with jsonb against 0.2 ms with json, a read 0.45 against
-- 0.1 ms (BenchmarkProbe-style measurements, see README "Speed"). json
-- keeps the text as written (still checked to be JSON, still readable
-- with ->> in psql; a later migration that needs jsonb operators casts
-- doc::jsonb). Documents over 2 KB are compressed with lz4 where the
-- server has it (pglz, the default, is several times slower), otherwise
-- left at the default.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['authz_grants', 'authz_live', 'cards', 'onboarding_applications',
        'onboarding_cancellations', 'components', 'tasks', 'campaigns', 'star_creators',
        'star_agencies', 'star_advertisers', 'mcn_books']
    LOOP
        EXECUTE format('ALTER TABLE %I ALTER doc TYPE json USING doc::json', t);
        BEGIN
            EXECUTE format('ALTER TABLE %I ALTER doc SET COMPRESSION lz4', t);
        EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
            NULL; -- a server built without lz4: keep pglz
        END;
    END LOOP;
END
$$;
