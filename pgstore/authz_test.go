package pgstore

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/authz/authztest"
)

func TestAuthzStore_kit(t *testing.T) {
	databaseURL(t) // skip (or fail under CI) here, not in a subtest the kit runs
	authztest.TestStore(t, func() authz.Store {
		s, err := NewAuthzStore(freshPool(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestNewStores_nilPoolAndContext: every constructor refuses a nil pool
// with ErrServiceDependency, every method a nil context with
// ErrContextMissing (before touching the database). No server needed.
func TestNewStores_nilPoolAndContext(t *testing.T) {
	for name, err := range map[string]error{
		"authz":      second(NewAuthzStore(nil)),
		"onboarding": second(NewOnboardingStore(nil)),
		"card":       second(NewCardStore(nil)),
		"component":  second(NewComponentStore(nil)),
	} {
		if !errors.Is(err, starmap.ErrServiceDependency) {
			t.Errorf("New%sStore(nil): %v, want ErrServiceDependency", name, err)
		}
	}
	pool := &pgxpool.Pool{} // never used: the context check comes first
	a, _ := NewAuthzStore(pool)
	o, _ := NewOnboardingStore(pool)
	c, _ := NewCardStore(pool)
	m, _ := NewComponentStore(pool)
	var nilCtx context.Context
	for name, err := range map[string]error{
		"authz":      second(a.GetGrant(nilCtx, authz.GrantKey{})),
		"onboarding": second(o.ListApplications(nilCtx, onboardingQuery())),
		"card":       second(c.Get(nilCtx, "c1")),
		"component":  second(m.Get(nilCtx, "x")),
	} {
		if !errors.Is(err, starmap.ErrContextMissing) {
			t.Errorf("%s store with a nil context: %v, want ErrContextMissing", name, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

// sqlRecorder keeps the statements a pool runs, so that a test can
// EXPLAIN exactly what a store asked.
type sqlRecorder struct {
	mu   sync.Mutex
	sql  []string
	args [][]any
}

func (r *sqlRecorder) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sql, r.args = append(r.sql, d.SQL), append(r.args, d.Args)
	return ctx
}

func (r *sqlRecorder) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// last returns the last statement run, and forgets them all.
func (r *sqlRecorder) last() (string, []any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.sql) == 0 {
		return "", nil
	}
	sql, args := r.sql[len(r.sql)-1], r.args[len(r.args)-1]
	r.sql, r.args = nil, nil
	return sql, args
}

// tracedPool is a second pool on the schema of pool (a freshPool) whose
// statements rec records.
func tracedPool(t *testing.T, pool *pgxpool.Pool) (*pgxpool.Pool, *sqlRecorder) {
	t.Helper()
	ctx := context.Background()
	var path string
	if err := pool.QueryRow(ctx, "SELECT current_setting('search_path')").Scan(&path); err != nil {
		t.Fatal(err)
	}
	cfg, err := pgxpool.ParseConfig(databaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	rec := &sqlRecorder{}
	cfg.ConnConfig.RuntimeParams["search_path"] = path
	cfg.ConnConfig.Tracer = rec
	cfg.MaxConns = 2
	traced, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(traced.Close)
	return traced, rec
}

// explainCase is one store query and the index that must serve it.
type explainCase struct {
	name  string
	list  func(ctx context.Context) error
	index string // or several, "a|b": the planner may take either
	// sorted: the index gives the list order too (no Sort node).
	sorted bool
}

// checkPlans runs each case's query through the store, then EXPLAINs the
// very statement it ran with sequential scans off (the tables are small)
// and asserts that the named index serves it.
func checkPlans(t *testing.T, pool *pgxpool.Pool, rec *sqlRecorder, cases []explainCase) {
	t.Helper()
	ctx := context.Background()
	for _, c := range cases {
		rec.last()
		if err := c.list(ctx); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		sql, args := rec.last()
		if !strings.HasPrefix(sql, "SELECT") {
			t.Errorf("%s: the last statement is not the list's: %q", c.name, sql)
			continue
		}
		var plan []string
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			// The tables are small: without these the planner reads them
			// whole, or through a bitmap and a sort, as it would not on a
			// table of millions where LIMIT n+1 favours the ordered scan.
			if _, err := tx.Exec(ctx, "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off"); err != nil {
				return err
			}
			rows, err := tx.Query(ctx, "EXPLAIN "+sql, args...)
			if err != nil {
				return err
			}
			plan, err = pgx.CollectRows(rows, pgx.RowTo[string])
			return err
		})
		if err != nil {
			t.Errorf("%s: EXPLAIN: %v", c.name, err)
			continue
		}
		text := strings.Join(plan, "\n")
		used := false
		for _, index := range strings.Split(c.index, "|") {
			used = used || strings.Contains(text+" ", " using "+index+" ")
		}
		if !used {
			t.Errorf("%s: the plan does not use %s:\n%s\n%s", c.name, c.index, sql, text)
		} else if c.sorted && strings.Contains(text, "Sort") {
			t.Errorf("%s: %s does not give the order (a Sort):\n%s", c.name, c.index, text)
		} else {
			t.Logf("%s:\n%s", c.name, text)
		}
	}
}

func TestAuthzStore_plans(t *testing.T) {
	pool := freshPool(t)
	traced, rec := tracedPool(t, pool)
	s, err := NewAuthzStore(traced)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range []string{"c1", "c2", "c3"} {
		for _, p := range []authz.Party{authz.MerchantParty("m1"), authz.AgencyParty("a1")} {
			if _, err := s.CreateGrant(ctx, authztest.SampleGrant(t, c, p, false)); err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateLive(ctx, authztest.SampleLive(t, c, "s1", starmap.AdvertiserActor("m1"))); err != nil && !errors.Is(err, starmap.ErrConflict) {
				t.Fatal(err)
			}
		}
	}
	cursor := starmap.EncodeCursor(authz.GrantKey{Creator: "c1", Grantee: authz.MerchantParty("m1")}.String())
	liveCursor := starmap.EncodeCursor(authz.LiveKey{Creator: "c1", Session: "s1", Grantee: authz.MerchantParty("m1")}.String())
	grants := func(q authz.GrantQuery) func(context.Context) error {
		return func(ctx context.Context) error { _, err := s.ListGrants(ctx, q); return err }
	}
	lives := func(q authz.LiveQuery) func(context.Context) error {
		return func(ctx context.Context) error { _, err := s.ListLive(ctx, q); return err }
	}
	m1 := authz.MerchantParty("m1")
	checkPlans(t, pool, rec, []explainCase{
		{"ListGrants all (loading an Index), after a cursor", grants(authz.GrantQuery{Page: starmap.PageRequest{Cursor: cursor}}), "authz_grants_pkey", true},
		{"ListGrants of a creator", grants(authz.GrantQuery{Creator: "c1"}), "authz_grants_pkey", true},
		{"ListGrants to a grantee", grants(authz.GrantQuery{Grantee: m1, Page: starmap.PageRequest{Cursor: cursor}}), "authz_grants_grantee", true},
		{"ListGrants creator and grantee", grants(authz.GrantQuery{Creator: "c1", Grantee: m1}), "authz_grants_pkey|authz_grants_grantee", true},
		{"ListLive all, after a cursor", lives(authz.LiveQuery{Page: starmap.PageRequest{Cursor: liveCursor}}), "authz_live_pkey", true},
		{"ListLive of a creator", lives(authz.LiveQuery{Creator: "c1"}), "authz_live_pkey", true},
		{"ListLive to a grantee", lives(authz.LiveQuery{Grantee: m1}), "authz_live_grantee", true},
		{"ListLive in a state", lives(authz.LiveQuery{State: authz.LivePending}), "authz_live_state", true},
		{"ListLive of a creator in a state", lives(authz.LiveQuery{Creator: "c1", State: authz.LivePending}), "authz_live_state", true},
	})
}
