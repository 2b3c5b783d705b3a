package memstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/authz/authztest"
	"github.com/starmap-go/starmap/memstore"
)

func TestAuthzStore(t *testing.T) {
	authztest.TestStore(t, func() authz.Store { return memstore.NewAuthzStore() })
}

// Store errors about authz records read wholly in Chinese: the key names
// its grantee's kind in Chinese too.
func TestAuthzStore_X5_ErrorsInChinese(t *testing.T) {
	s := memstore.NewAuthzStore()
	key := authz.GrantKey{Creator: "c1", Grantee: authz.MerchantParty("m1")}
	_, err := s.GetGrant(context.Background(), key)
	zh := starmap.Message(err, starmap.ZH)
	if !errors.Is(err, starmap.ErrNotFound) || strings.Contains(zh, "merchant") || strings.Contains(zh, "grant") {
		t.Fatalf("zh = %q (%v)", zh, err)
	}
}

// The zero AuthzStore is an empty store (authztest runs on it beside the
// kit's broken stores); a nil one, a nil context and a cancelled one are
// coded or context errors, never a panic, and nothing is written.
func TestAuthzStore_ZeroNilAndContext(t *testing.T) {
	rec := authztest.SampleGrant(t, "c1", authz.MerchantParty("m1"), false)
	live := authztest.SampleLive(t, "c1", "s1", starmap.AdvertiserActor("m1"))
	var zero memstore.AuthzStore
	if v, err := zero.CreateGrant(context.Background(), rec); err != nil || v != 1 {
		t.Fatalf("zero store CreateGrant = %d, %v", v, err)
	}
	var none *memstore.AuthzStore
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	var nilCtx context.Context
	s := memstore.NewAuthzStore()
	for _, c := range []struct {
		name  string
		store *memstore.AuthzStore
		ctx   context.Context
		want  error
	}{
		{"nil_store", none, context.Background(), starmap.ErrServiceDependency},
		{"nil_ctx", s, nilCtx, starmap.ErrContextMissing},
		{"cancelled", s, cancelled, context.Canceled},
	} {
		calls := map[string]func() error{
			"GetGrant":    func() error { _, err := c.store.GetGrant(c.ctx, rec.Key); return err },
			"CreateGrant": func() error { _, err := c.store.CreateGrant(c.ctx, rec); return err },
			"UpdateGrant": func() error { _, err := c.store.UpdateGrant(c.ctx, rec); return err },
			"ListGrants":  func() error { _, err := c.store.ListGrants(c.ctx, authz.GrantQuery{}); return err },
			"GetLive":     func() error { _, err := c.store.GetLive(c.ctx, live.Key); return err },
			"CreateLive":  func() error { _, err := c.store.CreateLive(c.ctx, live); return err },
			"UpdateLive":  func() error { _, err := c.store.UpdateLive(c.ctx, live); return err },
			"ListLive":    func() error { _, err := c.store.ListLive(c.ctx, authz.LiveQuery{}); return err },
		}
		for name, call := range calls {
			if err := call(); !errors.Is(err, c.want) {
				t.Errorf("%s %s: %v, want %v", c.name, name, err, c.want)
			}
		}
	}
	if p, err := s.ListGrants(context.Background(), authz.GrantQuery{}); err != nil || len(p.Items) != 0 {
		t.Errorf("a refused call wrote: %+v %v", p.Items, err)
	}
	if p, err := s.ListLive(context.Background(), authz.LiveQuery{}); err != nil || len(p.Items) != 0 {
		t.Errorf("a refused call wrote: %+v %v", p.Items, err)
	}
}
