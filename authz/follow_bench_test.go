package authz_test

import (
	"context"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

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

// BenchmarkFollowerLag (OPS-2) is the lag from a write's return on
// replica A (just after its commit) to replica B's Follower reporting a
// Position at or past it, B's Follower running and woken by the log: p50
// and p99 over b.N writes, in µs (a measurement, not an assertion; B often
// has it before A's call has returned, hence the tiny p50).
//
//	go test -run '^$' -bench FollowerLag -benchtime 2000x ./authz
func BenchmarkFollowerLag(b *testing.B) {
	store := memstore.NewAuthzStore()
	clock := starmap.NewManualClock(day("2026-03-01").StartOfDay().Add(morning))
	a, err := authz.NewService(store, clock)
	if err != nil {
		b.Fatal(err)
	}
	f, err := authz.NewFollower(store, store.Log(), authz.NewIndex(), authz.WithWaiter(store.Log()))
	if err != nil {
		b.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- f.Run(runCtx) }()
	defer func() { stop(); <-done }()
	today := day("2026-03-01")
	lags := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		by, m := starmap.CreatorActor("c1"), authz.MerchantParty("m"+strconv.Itoa(i))
		if _, _, err := a.Grant(ctx, by, m, today, today.AddDays(30), ""); err != nil {
			b.Fatal(err)
		}
		committed := time.Now()
		target := store.Log().Last()
		for f.Position().Less(target) {
			runtime.Gosched()
		}
		lags = append(lags, time.Since(committed))
	}
	b.StopTimer()
	slices.Sort(lags)
	b.ReportMetric(float64(lags[len(lags)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lags[len(lags)*99/100].Microseconds()), "p99-µs")
}
