// Package pgstore holds the PostgreSQL stores of the SDK: each package's
// Store interface (X-8, the root's one store contract) on a real server,
// through github.com/jackc/pgx/v5. It is a module of its own, so that the
// core module keeps its three dependencies; every store passes its
// package's conformance kit (<pkg>/<pkg>test) against a real server.
//
// # Using it
//
// The host owns the *pgxpool.Pool. At start-up it calls Migrate once per
// replica (idempotent; replicas starting at once take turns on an advisory
// lock), then makes the stores it needs:
//
//	if err := pgstore.Migrate(ctx, pool); err != nil { … }
//	grants, err := pgstore.NewAuthzStore(pool)
//	cards, err := pgstore.NewCardStore(pool)
//	svc, err := card.NewService(cards, clock)
//
// A nil pool is starmap.ErrServiceDependency; a nil context
// starmap.ErrContextMissing. Migrate keeps its own version table
// (VersionTable), so it never meets the host's migration tool; its
// migrations are the embedded files migrations/NNNN_name.sql, numbered in
// strictly increasing order (gaps allowed: each store keeps a range).
//
// # In the host's transaction
//
// Every statement of every store runs on the transaction the context
// carries, or on the pool when it carries none. A host that must write its
// own rows (a ledger, an outbox) and a store's record in one commit runs
// both under one transaction:
//
//	err := pgstore.InTx(ctx, pool, func(ctx context.Context) error {
//		if err := postToLedger(ctx, …); err != nil { // uses pgstore.TxFrom(ctx)
//			return err
//		}
//		_, _, err := cardService.Sync(ctx, by, creatorID, basic)
//		return err
//	})
//
// InTx commits when fn returns nil and rolls back on an error or a panic;
// an InTx inside one joins the outer transaction. A host that begins its
// own pgx.Tx passes it with WithTx(ctx, tx) and commits or rolls back
// itself: stores never do. A compare-and-swap that fails inside the
// transaction (starmap.ErrConflict) fails fn, so the host's rows go too.
// Serialization failures and deadlocks come back as ErrRetryable, which
// matches starmap.ErrConflict: services retry them as a stale version.
// Inside the host's transaction that retry cannot help — the server has
// aborted the transaction, and every later statement fails with 25P02,
// also ErrRetryable — so the host retries the whole InTx (OPS-4):
//
//	err := starmap.RetryOnConflict(ctx, starmap.Retry{}, func() error {
//		return pgstore.InTx(ctx, pool, func(ctx context.Context) error { … })
//	})
//
// InTx's commit, where a SERIALIZABLE transaction's failure usually
// comes, is mapped the same way.
//
// # Rows
//
// Each record kind is one table: its key as columns, a version bigint,
// the columns its lists filter and sort on (states and kinds as smallint,
// ids as text COLLATE "C" so that SQL orders them byte by byte as Go does,
// money as numeric written from decimal text, days as date), and the whole
// record as json (migration 0041: json, not jsonb — no SQL looks inside a
// document, and jsonb's parse on every write and print on every read was
// most of a write's server time), history included, so that one UPDATE
// writes a change and its history together — except a task's history,
// which column history holds (migration 0044, table.go's tailSpec): a
// change made outside a host's transaction on a version the store's cache
// holds appends its new entries to it in SQL, in the same UPDATE, so it
// sends and writes them, not the task's whole history again; any other
// write rewrites the column.
// Create is INSERT … ON
// CONFLICT DO NOTHING (none inserted: starmap.ErrAlreadyExists); Update is
// UPDATE … WHERE key AND version = $n RETURNING version (no row: a
// read of the key tells starmap.ErrVersionConflict from
// starmap.ErrRecordNotFound). A write with pending events
// (starmap.PendingEvents) is the same statement inside a data-modifying
// CTE that also appends them to the event log. Instants that a list orders on are kept as
// two columns, Unix seconds (bigint) and nanoseconds (integer): exact for
// every time.Time, as the packages' cursors name them (timestamptz keeps
// only microseconds). Card records keep card.Item and card.ChangeKind by
// number in their document, since those enums are written by name and
// have no reader.
//
// # The cache of recent records
//
// TaskStore keeps up to 4096 task records it last saw committed — read
// outside a host's transaction, or written by a statement that committed
// on its own, never read or written inside WithTx/InTx (a rolled-back
// version number can be reused by a later write with other content) —
// and offers them as task.RecentStore (TaskStore.Recent: a deep copy,
// nothing inside a transaction). task.Service decides a command's first
// try on it, saving the load: a stale record fails the compare-and-swap
// and the command reruns on a fresh Get; a refusal on it is decided again
// on a fresh Get (starmap.Change). Entries keep the later version, are
// forgotten on a conflict or an error, and are never shared with callers.
// Versions only grow: a host that rewrites rows other than through the
// stores must keep it so, or make new stores.
//
// # The event log (OPS-1, OPS-2)
//
// Every store write appends the events its context carries
// (starmap.WithPendingEvents, which starmap.Change sets from the
// service's decision) to table starmap_events in the statement that
// writes the record: WITH w AS (UPDATE … RETURNING version), e AS
// (INSERT INTO starmap_events … SELECT $event… FROM w) — one event as
// scalars, several as arrays through unnest —
// SELECT version FROM w. So the events are stored exactly when the record
// is — committed with the host's transaction, rolled back with it, none
// for a write that is refused (the key exists, the version is stale) —
// and a write stays one round trip without a transaction of its own. A
// write without pending events is the plain statement.
//
// EventLog reads the log (starmap.EventLog). A Position is (the writing
// transaction's id as xid8, a sequence number); a read returns only the
// events of transactions below its snapshot's xmin, so an event that
// commits late never lands before a position already read: see EventLog
// for why, and for the cost (an open write transaction anywhere in the
// cluster holds readers back until it ends). EventWaker wakes a follower:
// channel starmap_events (payload: the schema) is notified after every
// commit that appended events — from the writing statement inside a
// host's transaction (delivered at its commit), else by the store after
// its statement committed (or lost its reply), commits of 5 ms folded into one
// (notify.go says why not a trigger); the waker LISTENs on a
// connection of its own, makes it again when it is lost (waking the
// follower, which then reads whatever it missed), and wakes the follower
// every poll interval anyway.
//
// # Queries and their indexes
//
// Every list is one SELECT … WHERE filters AND (order columns) > (cursor)
// ORDER BY order columns LIMIT n+1 (the extra row says whether a next page
// follows). The tests EXPLAIN the very statements the stores run
// (TestXStore_plans) and assert these indexes; "in order" means the index
// also gives the order (no sort).
//
//	store query                                    index                                   in order
//	authz ListGrants, all or of a creator          authz_grants_pkey                       yes
//	authz ListGrants to a grantee                  authz_grants_grantee                    yes
//	authz ListGrants of a creator to a grantee     authz_grants_pkey or _grantee (1 row)   yes
//	authz ListLive, all or of a creator            authz_live_pkey                         yes
//	authz ListLive to a grantee                    authz_live_grantee                      yes
//	authz ListLive in a state (± a creator)        authz_live_state                        yes
//	onboarding ListApplications, no filter         onboarding_applications_order           yes
//	onboarding ListApplications in a state         onboarding_applications_state           yes
//	  (the overdue query: approved, deadline before a day)
//	onboarding ListApplications of a kind          onboarding_applications_kind            yes
//	onboarding ListApplications, state and kind    onboarding_applications_state or _kind  yes
//	onboarding ListApplications of a subject       onboarding_applications_subject         yes
//	onboarding ListApplications, deadline only     onboarding_applications_deadline
//	                                                 (partial) or _order                   no
//	onboarding ListCancellations, all              onboarding_cancellations_pkey           yes
//	onboarding ListCancellations in a state        onboarding_cancellations_state          yes
//	card List                                      cards_pkey                              yes
//	component List of an owner                     components_owner                        yes
//	component List of an owner, state and channel  components_owner_state_channel          yes
//	  (the order form: valid components of a channel)
//	component List of an owner, state or channel   components_owner or
//	  alone                                          _owner_state_channel                  no
//	mcn List, no filter (± cursor)                 mcn_books_pkey                          yes
//	mcn List of an MCN, in a state, covering an    mcn_books_sig_keys (GIN)                no
//	  account, or any two or three of these
//	mcn List expiring (the sweep's due books)      mcn_books_open_end (partial)            no
//	mcn List expiring with a signing filter        mcn_books_open_end and/or _sig_keys     no
//
//	star ListCreators                              star_creators_pkey                      yes
//	star ListCreators of an MCN                    star_creators_mcn                       yes
//	star Search, default (listed), by heat         star_creators_listed_heat (partial)     yes
//	star Search, including unlisted, by heat       star_creators_heat                      yes
//	star Search by engagement                      star_creators_engagement                yes
//	star Search by followers (± their range)       star_creators_followers                 yes
//	star Search by the price of an offer           star_creators_price_N (partial)         yes
//	star Search with a keyword                     star_creators_keyword (pg_trgm GIN)     no
//	  (a run of 3 letters/digits: fenced first,
//	  MATERIALIZED CTE, so the plan stays)
//	star Search with categories                    star_creators_categories (GIN)          no
//	star Search by match score                     — (scored in SQL, sorted)               no
//
//	event log ReadEvents                           starmap_events_pkey                     yes
//	                                                 (commit_xid, seq)
//
// (An owner's component library is small; the extra sort there is of one
// advertiser's components. A star search's other filters are WHERE
// clauses on the row the order's index yields; a selective keyword or
// category is read from its GIN index and the few rows sorted. The match
// score depends on the advertiser's target, so no index holds its order:
// Search computes it in SQL from the audience arrays and the categories
// and sorts the matching rows.)
//
// An MCN book holds all of a creator's signings, and mcn.Query's filters
// must hold of one signing. The row keeps sig_keys, one key per
// combination of a signing's MCN, state and each account it covers, so
// that any combination of filters is one key (sig_keys @> ARRAY[key]),
// and open_end, the earliest end of its open signings (Expiring:
// open_end < the day); both are derived from the book and written by the
// statement that writes its document. The filtered lists read the
// selected books through the index and sort them (a selective filter: one
// MCN's books, the due books); a filter most books meet (a state most
// signings are in) is read in order over the primary key instead, as the
// planner prefers. The plans test runs on a vacuumed table: a GIN index's
// pending list (fastupdate) is merged by autovacuum, and until it is the
// planner may read the table instead.
//
// # Running the tests
//
// The tests need a real server: scripts/with-postgres (from the
// repository root) starts a throwaway PostgreSQL, sets
// STARMAP_TEST_DATABASE_URL and runs go test -race ./... here. Without the
// URL they skip, saying so; with CI set they fail. The restart test of
// OPS-4 also needs STARMAP_TEST_PGCTL, a script that stops and starts
// that server, which scripts/with-postgres sets too (README, Faults).
package pgstore
