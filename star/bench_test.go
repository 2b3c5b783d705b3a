package star_test

import (
	"context"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
)

// The benchmarks run over one synthetic roster of benchN creators (seed
// benchSeed), built once per process and only when a benchmark runs: an
// ordinary go test never builds it.
const (
	benchN    = 1_000_000
	benchSeed = 20260601
)

var bench struct {
	once       sync.Once
	cs         []star.Creator
	ix         *star.Index
	gen, build time.Duration
	buildCPU   time.Duration
	indexBytes uint64
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func benchRoster(b *testing.B) ([]star.Creator, *star.Index) {
	b.Helper()
	bench.once.Do(func() {
		// A million creators are a lot of small objects: let the heap grow
		// while they are made rather than collect it over and over.
		defer debug.SetGCPercent(debug.SetGCPercent(400))
		t0 := time.Now()
		bench.cs = synthetic(b, benchN, benchSeed)
		bench.gen = time.Since(t0)
		before := heapInUse()
		t0, c0 := time.Now(), cpuTime()
		ix, err := star.BuildIndex(bench.cs)
		if err != nil {
			b.Fatal(err)
		}
		bench.build, bench.buildCPU = time.Since(t0), cpuTime()-c0
		bench.ix = ix
		bench.indexBytes = heapInUse() - before
		b.Logf("roster of %d: generated in %v, index built in %v (%v of CPU), index %.0f bytes/creator",
			benchN, bench.gen.Round(time.Millisecond), bench.build.Round(time.Millisecond), bench.buildCPU.Round(time.Millisecond), float64(bench.indexBytes)/benchN)
	})
	if bench.ix == nil {
		b.Fatal("no roster")
	}
	return bench.cs, bench.ix
}

type shape struct {
	name string
	q    star.Query
	deep int // start after this many results (a deep page)
}

func shapes() []shape {
	target := star.Target{Genders: []star.Gender{star.GenderFemale}, Ages: []star.AgeBand{star.Age18to23, star.Age24to30},
		Categories: []star.Category{"美妆", "护肤"}}
	return []shape{
		{name: "broad_heat", q: star.Query{Platforms: []onboarding.Platform{onboarding.Douyin}, Followers: star.Range{Min: 10_000}}},
		{name: "typical_followers", q: star.Query{Categories: []star.Category{"美妆", "护肤"},
			Regions: []star.Region{star.Guangdong, star.Zhejiang, star.Shanghai, star.Beijing, star.Jiangsu, star.Sichuan},
			Sort:    star.Sort{Key: star.SortFollowers}}},
		{name: "price_live_asc", q: star.Query{Price: star.PriceRange{Offer: star.OfferLive, Min: yuan("1000"), Max: yuan("20000")},
			Engagement: star.Range{Min: 300}, Sort: star.Sort{Key: star.SortPrice, Offer: star.OfferLive, Ascending: true}}},
		{name: "audience_engagement", q: star.Query{Platforms: []onboarding.Platform{onboarding.Douyin},
			Audience: star.AudienceFilter{Gender: star.GenderFemale, GenderMin: 6000}, Sort: star.Sort{Key: star.SortEngagement}}},
		{name: "selective_mcn", q: star.Query{MCN: "mcn42", Followers: star.Range{Min: 5000}}},
		{name: "keyword", q: star.Query{Keyword: "美妆"}},
		{name: "match_score", q: star.Query{Platforms: []onboarding.Platform{onboarding.Douyin}, Sort: star.Sort{Key: star.SortMatch}, Target: target}},
		{name: "deep_page", q: star.Query{Platforms: []onboarding.Platform{onboarding.Douyin}, Followers: star.Range{Min: 10_000}}, deep: 5000},
	}
}

// position returns the position after the first n results of q.
func position(b *testing.B, ix *star.Index, q star.Query, n int) star.Position {
	ctx := context.Background()
	var after star.Position
	for n > 0 {
		page, err := ix.Search(ctx, star.SearchRequest{Query: q, After: after, Limit: min(n, star.MaxRequestLimit)})
		if err != nil || len(page) == 0 {
			b.Fatalf("positioning: %v", err)
		}
		last := page[len(page)-1]
		k, _ := q.SortValue(last)
		after = star.Position{Key: k, ID: last.ID()}
		n -= len(page)
	}
	return after
}

// BenchmarkSearch answers each query shape from the index: one page of
// 100 (a request for 101).
func BenchmarkSearch(b *testing.B) {
	cs, ix := benchRoster(b)
	ctx := context.Background()
	for _, sh := range shapes() {
		b.Run(sh.name, func(b *testing.B) {
			req := star.SearchRequest{Query: sh.q, Limit: star.MaxRequestLimit}
			if sh.deep > 0 {
				req.After = position(b, ix, sh.q, sh.deep)
			}
			sel := selectivity(cs, sh.q)
			runtime.GC() // the garbage of the set-up is not the search's
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				if _, err := ix.Search(ctx, req); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(sel, "%match")
		})
	}
}

// BenchmarkSearchScan answers the same shapes with the reference scan: a
// full pass over the roster with a bounded heap.
func BenchmarkSearchScan(b *testing.B) {
	cs, ix := benchRoster(b)
	ctx := context.Background()
	for _, sh := range shapes() {
		b.Run(sh.name, func(b *testing.B) {
			req := star.SearchRequest{Query: sh.q, Limit: star.MaxRequestLimit}
			if sh.deep > 0 {
				req.After = position(b, ix, sh.q, sh.deep)
			}
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				if _, err := star.Scan(ctx, cs, req); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

var selCache sync.Map

// selectivity is the share of the roster q matches, in per cent, counted
// once per query, outside the timing (with a collection after it, so that
// its garbage is not collected in the timed loop).
func selectivity(cs []star.Creator, q star.Query) float64 {
	key := q.String()
	if v, ok := selCache.Load(key); ok {
		return v.(float64)
	}
	n := 0
	for _, c := range cs {
		if ok, _ := q.Matches(c); ok {
			n++
		}
	}
	runtime.GC()
	v := 100 * float64(n) / float64(len(cs))
	selCache.Store(key, v)
	return v
}

// BenchmarkIndexBuild reports the one-pass build of the roster and the
// index's memory per creator (heap growth across BuildIndex, the creators
// themselves excluded).
func BenchmarkIndexBuild(b *testing.B) {
	benchRoster(b)
	for i := 0; i < b.N; i++ {
		// The build is measured once, when the roster is made.
	}
	b.ReportMetric(float64(bench.build.Milliseconds()), "build-ms")
	b.ReportMetric(float64(bench.buildCPU.Milliseconds()), "build-cpu-ms")
	b.ReportMetric(float64(bench.indexBytes)/benchN, "index-B/creator")
}

// BenchmarkUpdate puts one changed creator into the 1M index: a change of
// heat (one order moves) and a change of everything (every order moves).
func BenchmarkUpdate(b *testing.B) {
	cs, ix := benchRoster(b)
	r := rand.New(rand.NewPCG(5, 6))
	for _, mode := range []string{"heat", "everything"} {
		b.Run(mode, func(b *testing.B) {
			updates := make([]star.Creator, 1024)
			for i := range updates {
				j := r.IntN(len(cs))
				cur, _ := ix.Get(cs[j].ID())
				rec := cur.Record()
				if mode == "heat" {
					rec.Heat = int64(r.IntN(10_000_000))
				} else {
					next := synthRecord(r, j)
					next.ID = rec.ID
					rec = next
				}
				c, err := star.NewCreator(rec)
				if err != nil {
					b.Fatal(err)
				}
				updates[i] = c
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			defer func() { b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op") }()
			for i := 0; i < b.N; i++ {
				c := updates[i%len(updates)]
				cur, _ := ix.Get(c.ID())
				if ok, err := ix.Put(c.WithVersion(cur.Version() + 1)); !ok || err != nil {
					b.Fatal(ok, err)
				}
			}
		})
	}
}

// BenchmarkSearchParallel runs the typical shape from every core while a
// writer puts changed creators as fast as it can; it reports the writes
// made per second besides the reads.
func BenchmarkSearchParallel(b *testing.B) {
	cs, ix := benchRoster(b)
	ctx := context.Background()
	q := shapes()[1].q
	var stop atomic.Bool
	var writes atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		r := rand.New(rand.NewPCG(7, 8))
		for !stop.Load() {
			j := r.IntN(len(cs))
			cur, _ := ix.Get(cs[j].ID())
			rec := cur.Record()
			rec.Heat = int64(r.IntN(10_000_000))
			rec.Account.Followers = int64(r.IntN(50_000_000))
			c, err := star.NewCreator(rec)
			if err != nil {
				panic(err)
			}
			if _, err := ix.Put(c.WithVersion(cur.Version() + 1)); err != nil {
				panic(err)
			}
			writes.Add(1)
		}
	}()
	b.ReportAllocs()
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		req := star.SearchRequest{Query: q, Limit: star.MaxRequestLimit}
		for pb.Next() {
			if _, err := ix.Search(ctx, req); err != nil {
				panic(err)
			}
		}
	})
	b.StopTimer()
	stop.Store(true)
	<-done
	b.ReportMetric(float64(writes.Load())/time.Since(start).Seconds(), "writes/s")
}
