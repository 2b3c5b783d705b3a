package authz

import (
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
)

// The access-check benchmarks (AUZ-10): Index.Check against a bare Go map
// holding the same grants, over the same queries in the same order, at
// 10,000 and 1,000,000 grants. Run them together and compare ratios
// within one run (the machine is shared and noisy):
//
//	go test -run XXX -bench 'Check|Map' -benchmem -count 5 ./authz/
//
// Query sets, each cycled through in a fixed shuffled order:
//   - uniform: 4,096 queries spread over the whole index (at a million
//     grants most of them miss the CPU caches), a tenth of them for
//     merchants holding no grant;
//   - hot: 4,096 queries whose grant is Zipf-distributed (s = 1.1), as
//     real traffic concentrates on popular creators;
//   - parallel: the uniform set from every core at once;
//   - bigset: 1,048,576 uniform queries (about 130 MB with their ids),
//     more than the CPU caches hold, so the queries themselves stream
//     from memory as they would in a server.
//
// The maps: BenchmarkMap… is the map a host would write, keyed by the
// package's composite GrantKey (creator, grantee kind and id) built from
// each query, holding the first and last covered day and the revoked
// flag, and deciding the same Decision; BenchmarkMapString… is keyed by
// one prebuilt string per query (creator + "\x00" + merchant), so the map
// pays for no key building at all — the most favourable baseline. Both
// maps own their key strings, as a host's would. Each sub-benchmark
// reports the structure's heap size per grant (B/grant, measured as the
// heap growth its building leaves after a collection).

// A benchFixture is everything the benchmarks of n grants share, built
// once per process (building a million grants takes seconds).
type benchFixture struct {
	once                   sync.Once
	n                      int
	ix                     *Index
	byKey                  map[GrantKey]hostGrant
	byString               map[string]hostGrant
	uniform, hot, big      []Query
	uniformS, hotS, bigS   []string // the string map's prebuilt keys, query by query
	ixBytes, mapB, strMapB float64  // heap bytes per grant
}

// hostGrant is what the baseline map holds per grant.
type hostGrant struct {
	from, to starmap.Date
	revoked  bool
}

func (g hostGrant) decide(ok bool, day starmap.Date) Decision {
	switch {
	case !ok:
		return DeniedNoGrant
	case g.revoked:
		return DeniedRevoked
	case day.Before(g.from):
		return DeniedNotYetValid
	case !day.After(g.to):
		return Allowed
	}
	return DeniedExpired
}

var fixtures = map[int]*benchFixture{10_000: {n: 10_000}, 1_000_000: {n: 1_000_000}}

func fixture(b *testing.B, n int) *benchFixture {
	f := fixtures[n]
	f.once.Do(func() { f.build(b) })
	if f.ix == nil {
		b.Fatal("fixture failed")
	}
	return f
}

func benchCreator(i int) string  { return "c" + strconv.Itoa(i/10) }
func benchMerchant(i int) string { return "m" + strconv.Itoa(i%10) }

// benchGrants makes n all-sales grants — creators c0…, each granting to 10
// merchants m0…m9, periods of varied length starting in the first 60 days
// after 2026-01-01, every seventh revoked, every seventh early-renewed —
// and gives each to add with what the baseline map holds for it.
func benchGrants(tb testing.TB, n int, add func(i int, g Grant, h hostGrant)) {
	now := time.Date(2026, 1, 1, 10, 0, 0, 0, starmap.CST())
	today := starmap.DateOf(now)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		start := today.AddDays(rng.IntN(60))
		end := start.AddDays(rng.IntN(365))
		by := starmap.CreatorActor(benchCreator(i))
		g, _, err := NewGrant(by, now, MerchantParty(benchMerchant(i)), start, end, "")
		if err != nil {
			tb.Fatal(err)
		}
		h := hostGrant{from: start, to: end}
		switch i % 7 {
		case 3:
			_, err = g.Revoke(by, now, "")
			h.revoked = true
		case 5:
			_, err = g.EarlyRenew(by, start.StartOfDay(), end.AddDays(30), "")
			h.to = end.AddDays(30)
		}
		if err != nil {
			tb.Fatal(err)
		}
		add(i, g, h)
	}
}

// heapGrowth is how much live heap build leaves behind.
func heapGrowth(build func()) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	return float64(after.HeapAlloc) - float64(before.HeapAlloc)
}

func (f *benchFixture) build(b *testing.B) {
	n := f.n
	hosts := make([]hostGrant, n)
	var ix *Index
	f.ixBytes = heapGrowth(func() {
		ix = NewIndex()
		bl := ix.Builder()
		benchGrants(b, n, func(i int, g Grant, h hostGrant) {
			bl.AddGrant(g, 1)
			hosts[i] = h
		})
		ix.Install(bl)
	}) / float64(n)
	f.mapB = heapGrowth(func() {
		f.byKey = make(map[GrantKey]hostGrant)
		for i, h := range hosts {
			f.byKey[GrantKey{Creator: benchCreator(i), Grantee: MerchantParty(benchMerchant(i))}] = h
		}
	}) / float64(n)
	f.strMapB = heapGrowth(func() {
		f.byString = make(map[string]hostGrant)
		for i, h := range hosts {
			f.byString[benchCreator(i)+"\x00"+benchMerchant(i)] = h
		}
	}) / float64(n)

	today := starmap.MustDate(2026, 1, 1)
	rng := rand.New(rand.NewPCG(3, 4))
	// A query for grant i on a day in the 500 days from 2026-01-01 (before,
	// within and after its periods), or one time in ten for a merchant
	// holding no grant; every id a string of its own, as from a request.
	query := func(i int, miss bool) Query {
		m := benchMerchant(i)
		if miss {
			m = "x" + strconv.Itoa(i%1000)
		}
		return Query{Account: starmap.AdvertiserActor(strings.Clone(m)), Creator: benchCreator(i),
			Scope: AllSales, Day: today.AddDays(rng.IntN(500))}
	}
	uniform := func(k int) []Query {
		qs := make([]Query, k)
		for j := range qs {
			qs[j] = query(rng.IntN(n), rng.IntN(10) == 0)
		}
		return qs
	}
	f.uniform, f.big = uniform(4096), uniform(1<<20)
	z := rand.NewZipf(rand.New(rand.NewPCG(5, 6)), 1.1, 1, uint64(n-1))
	f.hot = make([]Query, 4096)
	for j := range f.hot {
		f.hot[j] = query(int(z.Uint64()), false)
	}
	keys := func(qs []Query) []string {
		ks := make([]string, len(qs))
		for j, q := range qs {
			ks[j] = q.Creator + "\x00" + q.Account.ID()
		}
		return ks
	}
	f.uniformS, f.hotS, f.bigS = keys(f.uniform), keys(f.hot), keys(f.big)

	// Every side gives the same answers before any is timed.
	for _, set := range [][]Query{f.uniform, f.hot, f.big} {
		for j := 0; j < len(set); j += 1 + len(set)/8192 {
			q := set[j]
			g, ok := f.byKey[GrantKey{Creator: q.Creator, Grantee: MerchantParty(q.Account.ID())}]
			gs, oks := f.byString[q.Creator+"\x00"+q.Account.ID()]
			if got, m, ms := ix.Check(q), g.decide(ok, q.Day), gs.decide(oks, q.Day); got != m || m != ms {
				b.Fatalf("AUZ-10 %+v: index %v, map %v, string map %v", q, got, m, ms)
			}
		}
	}
	f.ix = ix
}

var sink int

// The query sets by name, and for the string map their prebuilt keys.
func (f *benchFixture) sets() []struct {
	name string
	qs   []Query
	ks   []string
} {
	return []struct {
		name string
		qs   []Query
		ks   []string
	}{{"uniform", f.uniform, f.uniformS}, {"hot", f.hot, f.hotS}, {"bigset", f.big, f.bigS}}
}

// parallelStart spreads the goroutines of a parallel benchmark over the
// query set.
var parallelStart atomic.Uint64

func benchIndexCheck(b *testing.B, n int) {
	f := fixture(b, n)
	for _, s := range f.sets() {
		b.Run(s.name, func(b *testing.B) {
			qs, mask := s.qs, len(s.qs)-1
			b.ReportAllocs()
			b.ResetTimer()
			allowed := 0
			for i := 0; i < b.N; i++ {
				if f.ix.Check(qs[i&mask]) == Allowed {
					allowed++
				}
			}
			sink = allowed
			b.ReportMetric(f.ixBytes, "B/grant")
		})
	}
	b.Run("parallel", func(b *testing.B) {
		qs, mask := f.uniform, len(f.uniform)-1
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			allowed, i := 0, int(parallelStart.Add(977))
			for pb.Next() {
				if f.ix.Check(qs[i&mask]) == Allowed {
					allowed++
				}
				i++
			}
			sink = allowed
		})
		b.ReportMetric(f.ixBytes, "B/grant")
	})
}

// mapCheck is the host's check over its own map: the composite key from
// the query, one lookup, the same decision.
func mapCheck(m map[GrantKey]hostGrant, q *Query) Decision {
	var kind PartyKind
	switch q.Account.Role() {
	case starmap.RoleAdvertiser:
		kind = Merchant
	case starmap.RoleMCN:
		kind = Agency
	default:
		return DeniedRole
	}
	g, ok := m[GrantKey{Creator: q.Creator, Grantee: Party{Kind: kind, ID: q.Account.ID()}}]
	return g.decide(ok, q.Day)
}

func benchMap(b *testing.B, n int) {
	f := fixture(b, n)
	for _, s := range f.sets() {
		b.Run(s.name, func(b *testing.B) {
			qs, mask := s.qs, len(s.qs)-1
			b.ReportAllocs()
			b.ResetTimer()
			allowed := 0
			for i := 0; i < b.N; i++ {
				if mapCheck(f.byKey, &qs[i&mask]) == Allowed {
					allowed++
				}
			}
			sink = allowed
			b.ReportMetric(f.mapB, "B/grant")
		})
	}
	b.Run("parallel", func(b *testing.B) {
		qs, mask := f.uniform, len(f.uniform)-1
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			allowed, i := 0, int(parallelStart.Add(977))
			for pb.Next() {
				if mapCheck(f.byKey, &qs[i&mask]) == Allowed {
					allowed++
				}
				i++
			}
			sink = allowed
		})
		b.ReportMetric(f.mapB, "B/grant")
	})
}

func benchMapString(b *testing.B, n int) {
	f := fixture(b, n)
	for _, s := range f.sets() {
		b.Run(s.name, func(b *testing.B) {
			qs, ks, mask := s.qs, s.ks, len(s.qs)-1
			b.ReportAllocs()
			b.ResetTimer()
			allowed := 0
			for i := 0; i < b.N; i++ {
				g, ok := f.byString[ks[i&mask]]
				if g.decide(ok, qs[i&mask].Day) == Allowed {
					allowed++
				}
			}
			sink = allowed
			b.ReportMetric(f.strMapB, "B/grant")
		})
	}
	b.Run("parallel", func(b *testing.B) {
		qs, ks, mask := f.uniform, f.uniformS, len(f.uniform)-1
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			allowed, i := 0, int(parallelStart.Add(977))
			for pb.Next() {
				g, ok := f.byString[ks[i&mask]]
				if g.decide(ok, qs[i&mask].Day) == Allowed {
					allowed++
				}
				i++
			}
			sink = allowed
		})
		b.ReportMetric(f.strMapB, "B/grant")
	})
}

func BenchmarkIndexCheck10k(b *testing.B) { benchIndexCheck(b, 10_000) }
func BenchmarkMap10k(b *testing.B)        { benchMap(b, 10_000) }
func BenchmarkMapString10k(b *testing.B)  { benchMapString(b, 10_000) }
func BenchmarkIndexCheck1M(b *testing.B)  { benchIndexCheck(b, 1_000_000) }
func BenchmarkMap1M(b *testing.B)         { benchMap(b, 1_000_000) }
func BenchmarkMapString1M(b *testing.B)   { benchMapString(b, 1_000_000) }

// BenchmarkPutGrant: the cost of a write to the index — a data word
// replaced in place, or a key inserted (now and then a shard rebuilt
// twice as large) — at 10,000 and 1,000,000 grants. Its index is its own:
// the check benchmarks' fixture stays as built.
func BenchmarkPutGrant(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		ix := NewIndex()
		bl := ix.Builder()
		benchGrants(b, n, func(_ int, g Grant, _ hostGrant) { bl.AddGrant(g, 1) })
		ix.Install(bl)
		now := time.Date(2026, 1, 1, 10, 0, 0, 0, starmap.CST())
		today := starmap.DateOf(now)
		gs := make([]Grant, 64)
		for i := range gs {
			by := starmap.CreatorActor(benchCreator(i * 97 % n))
			g, _, err := NewGrant(by, now, MerchantParty(benchMerchant(i)), today, today.AddDays(30), "")
			if err != nil {
				b.Fatal(err)
			}
			gs[i] = g
		}
		b.Run("grants="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				ix.PutGrant(gs[i%len(gs)], uint64(1000+i))
			}
		})
	}
}
