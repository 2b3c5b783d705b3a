package authztest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/authz/authztest"
	"github.com/starmap-go/starmap/internal/kit"
	"github.com/starmap-go/starmap/memstore"
)

// kindBlind lists grants to a grantee by id alone, ignoring the kind: a
// merchant would see the grants of an agency with its id (AUZ-1).
type kindBlind struct{ *memstore.AuthzStore }

func (k kindBlind) ListGrants(ctx context.Context, q authz.GrantQuery) (starmap.Page[authz.GrantRecord], error) {
	id := q.Grantee.ID
	q.Grantee = authz.Party{}
	p, err := k.AuthzStore.ListGrants(ctx, q)
	p.Items = slices.DeleteFunc(p.Items, func(r authz.GrantRecord) bool { return id != "" && r.Key.Grantee.ID != id })
	return p, err
}

// liveAliasing keeps the history slices callers give CreateLive and
// UpdateLive (returning copies of them from GetLive): a caller that
// changes its record after the write changes the store.
type liveAliasing struct {
	*memstore.AuthzStore
	mu   sync.Mutex
	kept map[authz.LiveKey][]authz.LiveChange
}

func (a *liveAliasing) keep(rec authz.LiveRecord) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.kept[rec.Key] = rec.History
}

func (a *liveAliasing) CreateLive(ctx context.Context, rec authz.LiveRecord) (uint64, error) {
	v, err := a.AuthzStore.CreateLive(ctx, rec)
	if err == nil {
		a.keep(rec)
	}
	return v, err
}

func (a *liveAliasing) UpdateLive(ctx context.Context, rec authz.LiveRecord) (uint64, error) {
	v, err := a.AuthzStore.UpdateLive(ctx, rec)
	if err == nil {
		a.keep(rec)
	}
	return v, err
}

func (a *liveAliasing) GetLive(ctx context.Context, key authz.LiveKey) (authz.LiveRecord, error) {
	r, err := a.AuthzStore.GetLive(ctx, key)
	a.mu.Lock()
	defer a.mu.Unlock()
	if h, ok := a.kept[key]; ok && err == nil {
		r.History = append([]authz.LiveChange(nil), h...)
	}
	return r, err
}

// createKeepsVersion answers CreateGrant with the version it was given.
type createKeepsVersion struct{ *memstore.AuthzStore }

func (c createKeepsVersion) CreateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	v, err := c.AuthzStore.CreateGrant(ctx, rec)
	if err == nil && rec.Version != 0 {
		return rec.Version, nil
	}
	return v, err
}

// dropsRevokedEnd has no column for GrantRecord.RevokedEnd (issue 11: the
// old kit passed it, and every revoked grant then failed to load).
type dropsRevokedEnd struct{ *memstore.AuthzStore }

func (d dropsRevokedEnd) CreateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	rec.RevokedEnd = starmap.Date{}
	return d.AuthzStore.CreateGrant(ctx, rec)
}

func (d dropsRevokedEnd) UpdateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	rec.RevokedEnd = starmap.Date{}
	return d.AuthzStore.UpdateGrant(ctx, rec)
}

// dropsPrevEnd keeps every Change field but PrevEnd.
type dropsPrevEnd struct{ *memstore.AuthzStore }

func (d dropsPrevEnd) CreateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	rec = rec.Clone()
	for i := range rec.History {
		rec.History[i].PrevEnd = starmap.Date{}
	}
	return d.AuthzStore.CreateGrant(ctx, rec)
}

// dropsAdvertiser stores live-session actors as role and id, losing the
// main account of a sub-account.
type dropsAdvertiser struct{ *memstore.AuthzStore }

func (d dropsAdvertiser) CreateLive(ctx context.Context, rec authz.LiveRecord) (uint64, error) {
	rec = rec.Clone()
	for i, c := range rec.History {
		if c.By.Role() == starmap.RoleAdvertiserSub {
			rec.History[i].By = starmap.AdvertiserActor(c.By.ID())
		}
	}
	return d.AuthzStore.CreateLive(ctx, rec)
}

// ignoresCursor always lists from the first record.
type ignoresCursor struct{ *memstore.AuthzStore }

func (i ignoresCursor) ListGrants(ctx context.Context, q authz.GrantQuery) (starmap.Page[authz.GrantRecord], error) {
	q.Page.Cursor = ""
	return i.AuthzStore.ListGrants(ctx, q)
}

// orderedByID lists grants by grantee id first, then creator.
type orderedByID struct{ *memstore.AuthzStore }

func (o orderedByID) ListGrants(ctx context.Context, q authz.GrantQuery) (starmap.Page[authz.GrantRecord], error) {
	p, err := o.AuthzStore.ListGrants(ctx, q)
	sort.SliceStable(p.Items, func(i, j int) bool { return p.Items[i].Key.Grantee.ID < p.Items[j].Key.Grantee.ID })
	return p, err
}

// emptyLists lists nothing, ever: the kit must report it, not index into
// an empty page.
type emptyLists struct{ *memstore.AuthzStore }

func (emptyLists) ListGrants(context.Context, authz.GrantQuery) (starmap.Page[authz.GrantRecord], error) {
	return starmap.Page[authz.GrantRecord]{}, nil
}

func (emptyLists) ListLive(context.Context, authz.LiveQuery) (starmap.Page[authz.LiveRecord], error) {
	return starmap.Page[authz.LiveRecord]{}, nil
}

// unbounded ignores the page limit and returns every record.
type unbounded struct{ *memstore.AuthzStore }

func (u unbounded) ListGrants(ctx context.Context, q authz.GrantQuery) (starmap.Page[authz.GrantRecord], error) {
	var all starmap.Page[authz.GrantRecord]
	q.Page.Limit = starmap.MaxPageLimit
	for {
		p, err := u.AuthzStore.ListGrants(ctx, q)
		if err != nil {
			return all, err
		}
		all.Items = append(all.Items, p.Items...)
		if p.Next == "" {
			return all, nil
		}
		q.Page.Cursor = p.Next
	}
}

// racyUpdate checks the version and writes half a microsecond later, with
// whatever version is stored then: two writers that pass the check in the
// same window both win (a lost update).
type racyUpdate struct{ *memstore.AuthzStore }

func (r racyUpdate) UpdateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	cur, err := r.AuthzStore.GetGrant(ctx, rec.Key)
	if err != nil {
		return 0, err
	}
	if cur.Version != rec.Version {
		return 0, starmap.ErrVersionConflict.New()
	}
	time.Sleep(time.Microsecond / 2)
	for {
		now, err := r.AuthzStore.GetGrant(ctx, rec.Key)
		if err != nil {
			return 0, err
		}
		rec.Version = now.Version
		if v, err := r.AuthzStore.UpdateGrant(ctx, rec); !errors.Is(err, starmap.ErrConflict) {
			return v, err
		}
	}
}

// atLeastVersion writes any update whose version is not older than the
// stored one.
type atLeastVersion struct{ *memstore.AuthzStore }

func (a atLeastVersion) UpdateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	cur, err := a.AuthzStore.GetGrant(ctx, rec.Key)
	if err == nil && rec.Version > cur.Version {
		rec.Version = cur.Version
	}
	return a.AuthzStore.UpdateGrant(ctx, rec)
}

var brokenStores = map[string]func() authz.Store{
	"kind_blind": func() authz.Store { return kindBlind{memstore.NewAuthzStore()} },
	"live_aliasing": func() authz.Store {
		return &liveAliasing{AuthzStore: memstore.NewAuthzStore(), kept: map[authz.LiveKey][]authz.LiveChange{}}
	},
	"create_keeps_version": func() authz.Store { return createKeepsVersion{memstore.NewAuthzStore()} },
	"drops_revoked_end":    func() authz.Store { return dropsRevokedEnd{memstore.NewAuthzStore()} },
	"drops_prev_end":       func() authz.Store { return dropsPrevEnd{memstore.NewAuthzStore()} },
	"drops_advertiser":     func() authz.Store { return dropsAdvertiser{memstore.NewAuthzStore()} },
	"ignores_cursor":       func() authz.Store { return ignoresCursor{memstore.NewAuthzStore()} },
	"ordered_by_id":        func() authz.Store { return orderedByID{memstore.NewAuthzStore()} },
	"empty_lists":          func() authz.Store { return emptyLists{memstore.NewAuthzStore()} },
	"unbounded":            func() authz.Store { return unbounded{memstore.NewAuthzStore()} },
	"racy_update":          func() authz.Store { return racyUpdate{memstore.NewAuthzStore()} },
	"at_least_version":     func() authz.Store { return atLeastVersion{memstore.NewAuthzStore()} },
}

const brokenEnv = "AUTHZTEST_BROKEN_STORE"

// TestKit_FailsBrokenStores: the reference store passes the kit; each
// broken store above fails it — by reporting, never by a panic. Each runs
// the kit in a child process of this test binary, which must fail.
func TestKit_FailsBrokenStores(t *testing.T) {
	if name := os.Getenv(brokenEnv); name != "" {
		authztest.TestStore(t, brokenStores[name])
		return
	}
	authztest.TestStore(t, func() authz.Store { return memstore.NewAuthzStore() })
	for name := range brokenStores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestKit_FailsBrokenStores$")
			cmd.Env = append(os.Environ(), brokenEnv+"="+name)
			out, err := cmd.CombinedOutput()
			if _, ok := err.(*exec.ExitError); !ok {
				t.Fatalf("the kit passed the broken store %s (or did not run: %v):\n%s", name, err, out)
			}
			if strings.Contains(string(out), "panic:") {
				t.Errorf("the kit panicked on the broken store %s instead of reporting:\n%s", name, out)
			}
		})
	}
}

// TestKit_ZeroStore: the zero memstore.AuthzStore is a usable empty store.
func TestKit_ZeroStore(t *testing.T) {
	authztest.TestStore(t, func() authz.Store { return new(memstore.AuthzStore) })
}

// recorder is a testing.TB that only records whether it failed, so that a
// test can count how often a check catches a fault.
type recorder struct {
	testing.TB
	failed atomic.Bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed.Store(true) }
func (r *recorder) Fatalf(string, ...any) { r.failed.Store(true) }

// TestKit_CatchesANarrowRace counts how many of 20 one-winner rounds (the
// check the kit runs 40 times per record kind) catch racyUpdate's
// half-microsecond window; it fails only if none does.
func TestKit_CatchesANarrowRace(t *testing.T) {
	ctx := context.Background()
	s := racyUpdate{memstore.NewAuthzStore()}
	caught := 0
	for round := 0; round < 20; round++ {
		rec := authztest.SampleGrant(t, fmt.Sprint("c", round), authz.MerchantParty("m1"), false)
		if _, err := s.CreateGrant(ctx, rec); err != nil {
			t.Fatal(err)
		}
		rec.Version = 1
		r := &recorder{TB: t}
		kit.Hammer(r, "racy", kit.HammerWriters, func(int) error {
			_, err := s.UpdateGrant(ctx, rec.Clone())
			return err
		})
		if r.failed.Load() {
			caught++
		}
	}
	t.Logf("a half-microsecond compare-and-swap window was caught in %d of 20 rounds", caught)
	if caught == 0 {
		t.Fatal("the one-winner check never caught the planted race")
	}
}
