package authz_test

import (
	"context"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/memstore"
)

// TestFollowerStartBeforeLoad_OPS2 follows Follower's doc: read the log's
// end, then load the index, then follow from that end. A revoke another
// replica commits between the read of the end and the load is both in the
// load and after the start Position, so replica B denies once it has
// caught up, as A and a fresh load do. (The other order — load, then read
// the end — would lose that revoke: the doc warns against it.)
func TestFollowerStartBeforeLoad_OPS2(t *testing.T) {
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
	q := authz.Query{Account: starmap.AdvertiserActor("m1"), Creator: "c1", Scope: authz.AllSales, Day: starmap.DateOf(now)}
	for _, revokeBeforeLoad := range []bool{true, false} {
		start := store.Log().Last() // 1. B reads the log's end
		if revokeBeforeLoad {
			if _, _, err := a.Revoke(ctx, creator, shop, ""); err != nil { // meanwhile A revokes
				t.Fatal(err)
			}
		}
		b, err := authz.NewService(store, clock) // 2. B loads its index
		if err != nil {
			t.Fatal(err)
		}
		if !revokeBeforeLoad {
			if _, _, err := a.Revoke(ctx, creator, shop, ""); err != nil { // A revokes after the load
				t.Fatal(err)
			}
		}
		f, err := authz.NewFollower(store, store.Log(), b.Index(), authz.WithFollowerStart(start))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		if got, want := b.Check(q), a.Check(q); got != want || got == authz.Allowed {
			t.Errorf("OPS-2 (revoke before load %v): B answers %v, A %v; want both to deny", revokeBeforeLoad, got, want)
		}
		if _, _, err := a.Grant(ctx, creator, shop, starmap.DateOf(now), starmap.DateOf(now).AddDays(30), ""); err != nil {
			t.Fatal(err)
		}
	}
}
