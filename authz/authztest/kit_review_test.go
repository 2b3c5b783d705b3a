package authztest_test

import (
	"context"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/authz/authztest"
	"github.com/starmap-go/starmap/memstore"
)

// kindBlind lists grants to a grantee by id alone, ignoring the kind: a
// merchant would see the grants of an agency with its id (AUZ-1).
type kindBlind struct{ *memstore.AuthzStore }

func (k kindBlind) ListGrants(ctx context.Context, f authz.GrantFilter) ([]authz.GrantRecord, error) {
	all, err := k.AuthzStore.ListGrants(ctx, authz.GrantFilter{Creator: f.Creator})
	var out []authz.GrantRecord
	for _, r := range all {
		if f.Grantee.ID == "" || r.Key.Grantee.ID == f.Grantee.ID {
			out = append(out, r)
		}
	}
	return out, err
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

var brokenStores = map[string]func() authz.Store{
	"kind_blind": func() authz.Store { return kindBlind{memstore.NewAuthzStore()} },
	"live_aliasing": func() authz.Store {
		return &liveAliasing{AuthzStore: memstore.NewAuthzStore(), kept: map[authz.LiveKey][]authz.LiveChange{}}
	},
	"create_keeps_version": func() authz.Store { return createKeepsVersion{memstore.NewAuthzStore()} },
}

const brokenEnv = "AUTHZTEST_BROKEN_STORE"

// TestKit_Review_FailsBrokenStores (review findings 5 and 6): the kit
// fails a store that ignores the grantee kind (AUZ-1), one that keeps the
// live records callers give it, and one that creates at the version given.
// Each broken store runs the kit in a child process of this test binary,
// which must fail.
func TestKit_Review_FailsBrokenStores(t *testing.T) {
	if name := os.Getenv(brokenEnv); name != "" {
		authztest.TestStore(t, brokenStores[name])
		return
	}
	// The reference store passes.
	authztest.TestStore(t, func() authz.Store { return memstore.NewAuthzStore() })
	for name := range brokenStores {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKit_Review_FailsBrokenStores$")
		cmd.Env = append(os.Environ(), brokenEnv+"="+name)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("the kit passed the broken store %s:\n%s", name, out)
		}
		if _, ok := err.(*exec.ExitError); !ok && err != nil {
			t.Errorf("running the kit on %s: %v", name, err)
		}
	}
}
