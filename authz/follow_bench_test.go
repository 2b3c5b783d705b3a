package authz_test

import (
	"strconv"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/memstore"
)

// BenchmarkFollowerCatchUp (OPS-2) is a follower's throughput: a new
// Follower over an empty index replays a log of 10,000 grant events
// (2,000 grants, each granted then renewed early four times) from the
// store; events/s is the figure.
//
//	go test -run '^$' -bench FollowerCatchUp -benchmem ./authz
func BenchmarkFollowerCatchUp(b *testing.B) {
	const grants, renewals = 2000, 4
	store := memstore.NewAuthzStore()
	clock := starmap.NewManualClock(day("2026-03-01").StartOfDay().Add(morning))
	s, err := authz.NewService(store, clock)
	if err != nil {
		b.Fatal(err)
	}
	today := day("2026-03-01")
	for i := 0; i < grants; i++ {
		by, m := starmap.CreatorActor("c"+strconv.Itoa(i%50)), authz.MerchantParty("m"+strconv.Itoa(i))
		if _, _, err := s.Grant(ctx, by, m, today, today.AddDays(30), ""); err != nil {
			b.Fatal(err)
		}
		for r := 1; r <= renewals; r++ {
			if _, _, err := s.EarlyRenew(ctx, by, m, today.AddDays(30+r), ""); err != nil {
				b.Fatal(err)
			}
		}
	}
	events := grants * (1 + renewals)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := authz.NewFollower(store, store.Log(), authz.NewIndex())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.CatchUp(ctx); err != nil {
			b.Fatal(err)
		}
		if g, _ := f.Index().Len(); g != grants {
			b.Fatalf("followed %d grants", g)
		}
	}
	b.ReportMetric(float64(events*b.N)/b.Elapsed().Seconds(), "events/s")
}
