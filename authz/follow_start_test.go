package authz_test

import (
	"context"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/memstore"
)

// TestFollowerStartAfterLoad_OPS2 follows Follower's doc literally: "an
// Index ... the host loaded (Service.LoadIndex) before reading the log's
// end" — load first, then read the end, then follow from it (as
// ExampleFollower does). A revoke another replica commits between the
// load and the read of the end lies at or before the start Position, so
// the Follower never applies it, and replica B keeps allowing what A
// revoked. OPS-2: a follower started from a stored position ends equal
// to a freshly loaded index.
func TestFollowerStartAfterLoad_OPS2(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, starmap.CST())
	clock := starmap.NewManualClock(now)
	store := memstore.NewAuthzStore()
	a, err := authz.NewService(store, clock)
	if err != nil {
		t.Fatal(err)
	}
	creator, shop := starmap.CreatorActor("c1"), authz.MerchantParty("m1")
	if _, _, err := a.Grant(ctx, creator, shop, starmap.DateOf(now), starmap.DateOf(now).AddDays(30), ""); err != nil {
		t.Fatal(err)
	}

	b, err := authz.NewService(store, clock) // 1. B loads its index (sees the grant)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Revoke(ctx, creator, shop, ""); err != nil { // meanwhile A revokes
		t.Fatal(err)
	}
	start := store.Log().Last() // 2. B reads the log's end, after the load
	f, err := authz.NewFollower(store, store.Log(), b.Index(), authz.WithFollowerStart(start))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	q := authz.Query{Account: starmap.AdvertiserActor("m1"), Creator: "c1", Scope: authz.AllSales, Day: starmap.DateOf(now)}
	if got, want := b.Check(q), a.Check(q); got != want {
		t.Errorf("OPS-2: B (loaded, then started at the log's end as follow.go says) answers %v, A and a fresh load %v: the revoke committed between load and end is lost", got, want)
	}
}
