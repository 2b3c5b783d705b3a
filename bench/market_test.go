package bench

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
)

// The marketplace search (STR-3). starmap answers from star.Index; the
// peers are star.Scan (the package's reference: one pass with a bounded
// heap) and a naive scan a host would write with the package's public
// predicates alone: Query.Matches on every creator, sort all matches by
// Query.SortValue (ties by id, in the sort's direction), keep the page.

var categories = []star.Category{"美妆", "护肤", "母婴", "美食", "旅行", "数码", "游戏", "服饰", "家居", "汽车",
	"健身", "宠物", "教育", "财经", "音乐", "舞蹈", "搞笑", "科技", "读书", "摄影"}

// genCreators makes n valid creators: most on Douyin, followers
// log-uniform from 10³ to 10⁷, prices growing with followers, 20
// categories, 500 agencies signing 60 %, audience profiles for 80 %, 5 %
// not listed.
func genCreators(tb testing.TB, n int, seed uint64) []star.Creator {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 3))
	out := make([]star.Creator, 0, n)
	for i := 0; i < n; i++ {
		followers := int64(1000 * math.Pow(10, 4*rng.Float64()))
		rec := star.CreatorRecord{
			ID: "cr" + strconv.Itoa(i),
			Account: star.Account{Platform: onboarding.Douyin, ID: "dy" + strconv.Itoa(i),
				Nickname: "达人" + strconv.Itoa(i) + string(categories[rng.IntN(len(categories))]),
				Location: star.Location{Region: star.Region(1 + rng.IntN(34))}, Followers: followers,
				Standing: onboarding.StandingNormal},
			Status:     star.StatusOpen,
			Engagement: rng.IntN(1200),
			Heat:       rng.Int64N(1_000_000_000),
			Past:       star.PastResults{Completed: int64(rng.IntN(50)), Reviewed: 10, FirstPass: int64(rng.IntN(11))},
		}
		if rng.IntN(5) == 0 {
			rec.Account.Platform = onboarding.Platform(2 + rng.IntN(3))
		}
		if rng.IntN(20) == 0 {
			rec.Status = star.StatusPending
		}
		c1 := rng.IntN(len(categories))
		rec.Categories = []star.Category{categories[c1]}
		if c2 := rng.IntN(len(categories)); c2 != c1 {
			rec.Categories = append(rec.Categories, categories[c2])
		}
		base := followers / 100
		for _, o := range star.Offers() {
			if rng.IntN(4) != 0 {
				rec.Quotes = append(rec.Quotes, star.Quote{Offer: o, Price: decimal.NewFromInt(100 + base*int64(o) + rng.Int64N(500))})
			}
		}
		if rng.IntN(5) < 3 {
			rec.MCN = "mcn" + strconv.Itoa(rng.IntN(500))
		}
		if rng.IntN(5) != 0 {
			f := rng.IntN(10001)
			rec.Audience.Genders = []star.GenderShare{{Gender: star.GenderFemale, BP: f}, {Gender: star.GenderMale, BP: 10000 - f}}
			a := rng.IntN(10001)
			rec.Audience.Ages = []star.AgeShare{{Band: star.Age18to23, BP: a}, {Band: star.Age24to30, BP: 10000 - a}}
			r := rng.IntN(10001)
			rec.Audience.Regions = []star.RegionShare{{Region: star.Region(1 + rng.IntN(34)), BP: r}, {Region: star.RegionOther, BP: 10000 - r}}
		}
		c, err := star.NewCreator(rec)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// marketQueries: the shapes of the star package's own benchmarks.
func marketQueries() []struct {
	name string
	q    star.Query
} {
	return []struct {
		name string
		q    star.Query
	}{
		{"broad-heat", star.Query{Platforms: []onboarding.Platform{onboarding.Douyin}, Followers: star.Range{Min: 10_000}}},
		{"typical-followers", star.Query{Categories: []star.Category{"美妆", "护肤"},
			Regions: []star.Region{1, 2, 9, 10, 11, 19}, Sort: star.Sort{Key: star.SortFollowers}}},
		{"live-price-asc", star.Query{Price: star.PriceRange{Offer: star.OfferLive, Min: decimal.NewFromInt(1000), Max: decimal.NewFromInt(20000)},
			Engagement: star.Range{Min: 300}, Sort: star.Sort{Key: star.SortPrice, Offer: star.OfferLive, Ascending: true}}},
		{"audience-engagement", star.Query{Platforms: []onboarding.Platform{onboarding.Douyin},
			Audience: star.AudienceFilter{Gender: star.GenderFemale, GenderMin: 6000}, Sort: star.Sort{Key: star.SortEngagement}}},
		{"one-agency", star.Query{Signing: star.SigningSigned, MCN: "mcn7", Followers: star.Range{Min: 5000}}},
		{"keyword", star.Query{Keyword: "美妆"}},
		{"match", star.Query{Platforms: []onboarding.Platform{onboarding.Douyin}, Sort: star.Sort{Key: star.SortMatch},
			Target: star.Target{Genders: []star.Gender{star.GenderFemale}, Ages: []star.AgeBand{star.Age18to23, star.Age24to30},
				Categories: []star.Category{"美妆", "护肤"}}}},
	}
}

// naiveSearch: every creator through Query.Matches, the matches sorted by
// SortValue and id in the sort's direction, the page after r.After.
func naiveSearch(creators []star.Creator, r star.SearchRequest) ([]star.Creator, error) {
	type hit struct {
		key int64
		c   star.Creator
	}
	var hits []hit
	for _, c := range creators {
		ok, err := r.Query.Matches(c)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		k, err := r.Query.SortValue(c)
		if err != nil {
			return nil, err
		}
		hits = append(hits, hit{k, c})
	}
	sign := -1
	if r.Query.Sort.Ascending {
		sign = 1
	}
	order := func(ka int64, ida string, kb int64, idb string) int {
		return sign * cmp.Or(cmp.Compare(ka, kb), cmp.Compare(ida, idb))
	}
	slices.SortFunc(hits, func(a, b hit) int { return order(a.key, a.c.ID(), b.key, b.c.ID()) })
	out := []star.Creator{}
	for _, h := range hits {
		if len(out) == r.Limit {
			break
		}
		if r.After.IsStart() || order(h.key, h.c.ID(), r.After.Key, r.After.ID) > 0 {
			out = append(out, h.c)
		}
	}
	return out, nil
}

func ids(cs []star.Creator) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID()
	}
	return out
}

// TestMarketPeersAgree (STR-3): for every query shape, three pages of 100
// from star.Index, star.Scan and the naive scan list the same creators in
// the same order.
func TestMarketPeersAgree(t *testing.T) {
	creators := genCreators(t, 20_000, 1)
	ix, err := star.BuildIndex(creators)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, mq := range marketQueries() {
		q, err := mq.q.Normalized()
		if err != nil {
			t.Fatalf("%s: %v", mq.name, err)
		}
		r := star.SearchRequest{Query: q, Limit: 100}
		for page := 0; page < 3; page++ {
			got, err := ix.Search(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := star.Scan(ctx, creators, r)
			if err != nil {
				t.Fatal(err)
			}
			naive, err := naiveSearch(creators, r)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(got), ids(ref)) || !slices.Equal(ids(got), ids(naive)) {
				t.Fatalf("STR-3 %s page %d: index %v\nScan %v\nnaive %v", mq.name, page, ids(got), ids(ref), ids(naive))
			}
			if page == 0 && len(got) == 0 {
				t.Fatalf("STR-3 %s matches nothing: the comparison would prove little", mq.name)
			}
			if len(got) == 0 {
				break
			}
			last := got[len(got)-1]
			key, err := q.SortValue(last)
			if err != nil {
				t.Fatal(err)
			}
			r.After = star.Position{Key: key, ID: last.ID()}
		}
	}
}

// BenchmarkMarket: the first page of 100 over 100,000 creators, per query
// shape, from the index, star.Scan and the naive scan.
func BenchmarkMarket(b *testing.B) {
	creators := genCreators(b, 100_000, 1)
	ix, err := star.BuildIndex(creators)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, mq := range marketQueries() {
		q, err := mq.q.Normalized()
		if err != nil {
			b.Fatal(err)
		}
		r := star.SearchRequest{Query: q, Limit: 100}
		for _, side := range []struct {
			name   string
			search func() ([]star.Creator, error)
		}{
			{"starmap", func() ([]star.Creator, error) { return ix.Search(ctx, r) }},
			{"star-scan", func() ([]star.Creator, error) { return star.Scan(ctx, creators, r) }},
			{"naive", func() ([]star.Creator, error) { return naiveSearch(creators, r) }},
		} {
			b.Run(mq.name+"/"+side.name, func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					if _, err := side.search(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
