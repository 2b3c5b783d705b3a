package authz_test

import (
	"context"
	"fmt"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/memstore"
)

// Two replicas over one store: A writes, B answers the access check from
// its own index, which its Follower keeps current from the event log
// (OPS-2).
func ExampleFollower() {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, starmap.CST())
	clock := starmap.NewManualClock(now)
	store := memstore.NewAuthzStore() // the shared database, with its log

	a, _ := authz.NewService(store, clock)
	start := store.Log().Last()            // the log's end first,
	b, _ := authz.NewService(store, clock) // then B loads its index from the store
	follower, _ := authz.NewFollower(store, store.Log(), b.Index(),
		authz.WithFollowerStart(start), authz.WithWaiter(store.Log()))

	creator, shop := starmap.CreatorActor("c1"), authz.MerchantParty("m1")
	q := authz.Query{Account: starmap.AdvertiserActor("m1"), Creator: "c1", Scope: authz.AllSales, Day: starmap.DateOf(now)}

	_, _, _ = a.Grant(ctx, creator, shop, starmap.DateOf(now), starmap.DateOf(now).AddDays(30), "")
	fmt.Println("B before following:", b.Check(q) == authz.Allowed)
	_, _ = follower.CatchUp(ctx) // a host runs follower.Run(ctx) instead
	fmt.Println("B after following:", b.Check(q) == authz.Allowed)

	_, _, _ = a.Revoke(ctx, creator, shop, "")
	p, _ := follower.CatchUp(ctx)
	fmt.Println("B after the revoke:", b.Check(q) == authz.Allowed, "at", p)
	// Output:
	// B before following: false
	// B after following: true
	// B after the revoke: false at 2.2
}
