package authz

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
)

// benchIndex builds an index of n all-sales grants: creators c0…, each
// granting to 10 merchants m0…m9, periods of varied length around
// 2026-06-01, some revoked, some early-renewed. It returns the index and a
// shuffled slice of queries that hit every kind of answer.
func benchIndex(b *testing.B, n int) (*Index, []Query) {
	b.Helper()
	ix := NewIndex()
	bl := ix.Builder()
	now := time.Date(2026, 1, 1, 10, 0, 0, 0, starmap.CST())
	today := starmap.DateOf(now)
	rng := rand.New(rand.NewPCG(1, 2))
	queries := make([]Query, 0, 4096)
	for i := 0; i < n; i++ {
		creator := "c" + strconv.Itoa(i/10)
		merchant := "m" + strconv.Itoa(i%10)
		start := today.AddDays(rng.IntN(60))
		end := start.AddDays(rng.IntN(365))
		by := starmap.CreatorActor(creator)
		g, _, err := NewGrant(by, now, MerchantParty(merchant), start, end, "")
		if err != nil {
			b.Fatal(err)
		}
		switch i % 7 {
		case 3:
			_, err = g.Revoke(by, now, "")
		case 5:
			_, err = g.EarlyRenew(by, start.StartOfDay(), end.AddDays(30), "")
		}
		if err != nil {
			b.Fatal(err)
		}
		bl.AddGrant(g, 1)
		if len(queries) < cap(queries) && rng.IntN(n/cap(queries)+1) == 0 {
			queries = append(queries, Query{Account: starmap.AdvertiserActor(merchant), Creator: creator,
				Scope: AllSales, Day: today.AddDays(rng.IntN(500))})
		}
	}
	ix.Install(bl)
	for len(queries) < cap(queries) { // misses: unknown merchants
		queries = append(queries, Query{Account: starmap.AdvertiserActor("x" + strconv.Itoa(len(queries))),
			Creator: "c" + strconv.Itoa(rng.IntN(n/10+1)), Scope: AllSales, Day: today})
	}
	rng.Shuffle(len(queries), func(i, j int) { queries[i], queries[j] = queries[j], queries[i] })
	return ix, queries
}

var sink int

// BenchmarkCheck: checks against indexes of 10,000 and 1,000,000 grants.
// The queries are spread uniformly over the whole index (the worst case
// for caches: at a million grants most checks miss the CPU caches); the
// hot variant draws creators from a Zipf distribution, as real traffic
// concentrates on popular creators.
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		ix, qs := benchIndex(b, n)
		hot := hotQueries(n, len(qs))
		mask := len(qs) - 1 // a power of two
		b.Run(fmt.Sprintf("grants=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			allowed := 0
			for i := 0; i < b.N; i++ {
				if ix.Check(qs[i&mask]).Allowed() {
					allowed++
				}
			}
			sink = allowed
		})
		b.Run(fmt.Sprintf("grants=%d/parallel", n), func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					ix.Check(qs[i&mask])
					i++
				}
			})
		})
		// The yardstick: a plain Go map holding one small record per grant
		// at the same size, looked up with the same query keys (prebuilt,
		// so the map pays no key building). Compare ratios in one run.
		b.Run(fmt.Sprintf("grants=%d/map-baseline", n), func(b *testing.B) {
			m := make(map[string][2]starmap.Date, n)
			for i := 0; i < n; i++ {
				m["c"+strconv.Itoa(i/10)+"\x00m"+strconv.Itoa(i%10)] = [2]starmap.Date{starmap.MinDate(), starmap.MaxDate()}
			}
			keys := make([]string, len(qs))
			for i, q := range qs {
				keys[i] = q.Creator + "\x00" + q.Account.ID()
			}
			day := starmap.MustDate(2026, 6, 1)
			b.ReportAllocs()
			b.ResetTimer()
			allowed := 0
			for i := 0; i < b.N; i++ {
				if p, ok := m[keys[i&mask]]; ok && day.Within(p[0], p[1]) {
					allowed++
				}
			}
			sink = allowed
		})
		b.Run(fmt.Sprintf("grants=%d/hot", n), func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			allowed := 0
			for i := 0; i < b.N; i++ {
				if ix.Check(hot[i&mask]).Allowed() {
					allowed++
				}
			}
			sink = allowed
		})
	}
}

// hotQueries draws k queries whose grant is Zipf-distributed (s = 1.1)
// over the n grants of benchIndex, on days around its periods.
func hotQueries(n, k int) []Query {
	rng := rand.New(rand.NewPCG(3, 4))
	z := rand.NewZipf(rand.New(rand.NewPCG(5, 6)), 1.1, 1, uint64(n-1))
	today := starmap.MustDate(2026, 1, 1)
	qs := make([]Query, k)
	for j := range qs {
		i := int(z.Uint64())
		qs[j] = Query{Account: starmap.AdvertiserActor("m" + strconv.Itoa(i%10)), Creator: "c" + strconv.Itoa(i/10),
			Scope: AllSales, Day: today.AddDays(rng.IntN(500))}
	}
	return qs
}

// BenchmarkPutGrant: the cost of a write to the index — one shard copied
// and swapped — at 10,000 and 1,000,000 grants.
func BenchmarkPutGrant(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		ix, _ := benchIndex(b, n)
		now := time.Date(2026, 1, 1, 10, 0, 0, 0, starmap.CST())
		today := starmap.DateOf(now)
		gs := make([]Grant, 64)
		for i := range gs {
			by := starmap.CreatorActor("c" + strconv.Itoa(i*97%(n/10)))
			g, _, err := NewGrant(by, now, MerchantParty("m"+strconv.Itoa(i%10)), today, today.AddDays(30), "")
			if err != nil {
				b.Fatal(err)
			}
			gs[i] = g
		}
		b.Run(fmt.Sprintf("grants=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				ix.PutGrant(gs[i%len(gs)], uint64(1000+i))
			}
		})
	}
}
