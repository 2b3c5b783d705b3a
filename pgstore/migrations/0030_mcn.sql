-- mcn: the creators' books of signings (mcn.Store), one row per creator,
-- the book whole as jsonb. The list filters look inside the book's
-- signings, so the row keeps two derived columns, written by the same
-- INSERT or UPDATE as the document (they can never disagree with it):
--   sig_keys  text[]: for each signing, one key per combination of the
--             filters mcn.Query names (MCN, state, account; each account
--             of the signing): a query's filters of one signing are one
--             key, and the book is selected when sig_keys contains it;
--   open_end  date: the earliest End of the book's proposed or active
--             signings (NULL when it has none): Expiring is
--             open_end < the day.
CREATE TABLE mcn_books (
    creator  text COLLATE "C" PRIMARY KEY,
    sig_keys text[] NOT NULL,
    open_end date,
    version  bigint NOT NULL,
    doc      jsonb NOT NULL
);
-- List with an MCN, a state or an account filter (any combination).
CREATE INDEX mcn_books_sig_keys ON mcn_books USING gin (sig_keys);
-- List with Expiring (the sweep's due books).
CREATE INDEX mcn_books_open_end ON mcn_books (open_end, creator) WHERE open_end IS NOT NULL;
