package star_test

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/star/startest"
	"pgregory.net/rapid"
)

// naive is the obvious search: filter every creator with Query.Matches,
// sort everything by (SortValue, id) in the sort's direction, drop what is
// not after the position, take limit. Scan and the index must agree
// with it.
func naive(t interface{ Fatalf(string, ...any) }, cs []star.Creator, q star.Query, after star.Position, limit int) []star.Creator {
	type kv struct {
		key int64
		c   star.Creator
	}
	var all []kv
	for _, c := range cs {
		ok, err := q.Matches(c)
		if err != nil {
			t.Fatalf("Matches: %v", err)
		}
		if ok {
			k, _ := q.SortValue(c)
			all = append(all, kv{k, c})
		}
	}
	asc := q.Sort.Ascending
	order := func(a, b kv) int {
		c := cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.c.ID(), b.c.ID()))
		if asc {
			return c
		}
		return -c
	}
	slices.SortFunc(all, order)
	var out []star.Creator
	for _, x := range all {
		if !after.IsStart() && order(x, kv{after.Key, mustPos(after)}) <= 0 {
			continue
		}
		if len(out) == limit {
			break
		}
		out = append(out, x.c)
	}
	return out
}

// mustPos is a stand-in creator carrying only an id, for comparing with a
// position: order() reads only its ID.
func mustPos(p star.Position) star.Creator {
	c, _ := star.NewCreator(rec(p.ID))
	return c
}

// STR-3, the index's contract: for random rosters and queries, every page
// the index returns is the page of the naive scan-filter-sort over the
// current roster, and so is Scan's — with creators updated and added
// between the pages. Rosters reach a few hundred creators, so leaves fill.
func TestIndex_STR3_EqualsNaivePageByPage(t *testing.T) {
	ctx := context.Background()
	rapid.Check(t, func(rt *rapid.T) {
		cs := startest.Roster(rt, 300)
		var ix *star.Index
		if rapid.Bool().Draw(rt, "built") {
			var err error
			if ix, err = star.BuildIndex(cs); err != nil {
				rt.Fatalf("BuildIndex: %v", err)
			}
		} else {
			ix = star.NewIndex()
			for _, c := range cs {
				if _, err := ix.Put(c.WithVersion(1)); err != nil {
					rt.Fatalf("Put: %v", err)
				}
			}
		}
		model := make([]star.Creator, len(cs))
		for i, c := range cs {
			model[i] = c.WithVersion(max(1, c.Version()))
		}
		q := startest.Query(rt)
		limit := rapid.IntRange(1, star.MaxRequestLimit).Draw(rt, "limit")
		var after star.Position
		for page := 0; page < 400; page++ {
			want := naive(rt, model, q, after, limit)
			req := star.SearchRequest{Query: q, After: after, Limit: limit}
			got, err := ix.Search(ctx, req)
			if err != nil {
				rt.Fatalf("Search: %v", err)
			}
			if d := gocmp.Diff(idsOf(want), idsOf(got)); d != "" {
				rt.Fatalf("page %d of %s after %+v: index differs from naive (-naive +index):\n%s", page, q, after, d)
			}
			scan, err := star.Scan(ctx, model, req)
			if err != nil {
				rt.Fatalf("Scan: %v", err)
			}
			if d := gocmp.Diff(idsOf(want), idsOf(scan)); d != "" {
				rt.Fatalf("page %d: Scan differs from naive (-naive +scan):\n%s", page, d)
			}
			if len(got) < limit {
				return
			}
			last := got[len(got)-1]
			k, _ := q.SortValue(last)
			after = star.Position{Key: k, ID: last.ID()}
			for n := rapid.IntRange(0, 4).Draw(rt, "changes"); n > 0 && len(model) > 0; n-- {
				i := rapid.IntRange(0, len(model)).Draw(rt, "which")
				if i == len(model) {
					c := startest.Creator(rt, "new"+strconv.Itoa(len(model))).WithVersion(1)
					model = append(model, c)
					if ok, err := ix.Put(c); !ok || err != nil {
						rt.Fatalf("Put new: %v %v", ok, err)
					}
					continue
				}
				next := startest.Creator(rt, model[i].ID()).WithVersion(model[i].Version() + 1)
				model[i] = next
				if ok, err := ix.Put(next); !ok || err != nil {
					rt.Fatalf("Put update: %v %v", ok, err)
				}
			}
		}
	})
}

// A large roster with many updates: blocks split, leaves and nodes are
// copied, and the index still answers what Scan answers; List walks every
// creator in id order.
func TestIndex_STR3_LargeRosterManyUpdates(t *testing.T) {
	if testing.Short() {
		t.Skip("large roster")
	}
	ctx := context.Background()
	cs := synthetic(t, 9000, 7)
	ix, err := star.BuildIndex(cs)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	model := slices.Clone(cs)
	for i := 0; i < 4000; i++ {
		if i%4 == 0 { // a new creator
			c, err := star.NewCreator(synthRecord(r, len(model)))
			if err != nil {
				t.Fatal(err)
			}
			c = c.WithVersion(1)
			model = append(model, c)
			if _, err := ix.Put(c); err != nil {
				t.Fatal(err)
			}
			continue
		}
		j := r.IntN(len(model))
		next := synthRecord(r, j)
		// Crowd some keys so that blocks split where the keys tie.
		if r.IntN(2) == 0 {
			next.Heat, next.Engagement = 4242, 777
		}
		c, err := star.NewCreator(next)
		if err != nil {
			t.Fatal(err)
		}
		c = c.WithVersion(model[j].Version() + 1)
		model[j] = c
		if ok, err := ix.Put(c); !ok || err != nil {
			t.Fatalf("Put: %v %v", ok, err)
		}
	}
	if ix.Len() != len(model) {
		t.Fatalf("Len = %d, want %d", ix.Len(), len(model))
	}
	queries := []star.Query{
		{},
		{Sort: star.Sort{Key: star.SortHeat, Ascending: true}},
		{Sort: star.Sort{Key: star.SortEngagement}, Include: star.IncludeAll},
		{Platforms: []onboarding.Platform{onboarding.Toutiao}, Sort: star.Sort{Key: star.SortFollowers}},
		{Categories: []star.Category{"美妆", "母婴"}, Regions: []star.Region{star.Guangdong, star.Zhejiang}},
		{Keyword: "美妆", Sort: star.Sort{Key: star.SortPrice, Offer: star.OfferLive, Ascending: true}},
		{MCN: "mcn17", Include: star.IncludeAll},
		{Audience: star.AudienceFilter{Gender: star.GenderFemale, GenderMin: 7000}, Sort: star.Sort{Key: star.SortMatch},
			Target: star.Target{Ages: []star.AgeBand{star.Age18to23}, Categories: []star.Category{"美妆"}}},
	}
	for _, q := range queries {
		var after star.Position
		for page := 0; page < 3; page++ {
			req := star.SearchRequest{Query: q, After: after, Limit: 101}
			want, err := star.Scan(ctx, model, req)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ix.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if d := gocmp.Diff(idsOf(want), idsOf(got)); d != "" {
				t.Fatalf("%s page %d (-scan +index):\n%s", q, page, d)
			}
			if len(got) == 0 {
				break
			}
			k, _ := q.SortValue(got[len(got)-1])
			after = star.Position{Key: k, ID: got[len(got)-1].ID()}
		}
	}
	// List: every creator once, in id order, the versions the model holds.
	byID := map[string]uint64{}
	for _, c := range model {
		byID[c.ID()] = c.Version()
	}
	var listed []string
	cursor := ""
	for {
		p, err := ix.List(ctx, star.ListQuery{PageRequest: starmap.PageRequest{Limit: 200, Cursor: cursor}})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range p.Items {
			if byID[c.ID()] != c.Version() {
				t.Fatalf("List: %s at version %d, want %d", c.ID(), c.Version(), byID[c.ID()])
			}
			listed = append(listed, c.ID())
		}
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	if len(listed) != len(model) || !slices.IsSorted(listed) {
		t.Errorf("List gave %d creators (sorted: %v), want %d in id order", len(listed), slices.IsSorted(listed), len(model))
	}
}

// Put applies only newer versions; BuildIndex refuses repeated ids and
// zero creators.
func TestIndex_Versions(t *testing.T) {
	ix := star.NewIndex()
	c := mustCreator(t, rec("v")).WithVersion(3)
	if ok, err := ix.Put(c); !ok || err != nil {
		t.Fatalf("first Put: %v %v", ok, err)
	}
	older := mustCreator(t, with("v", func(r *star.CreatorRecord) { r.Heat = 1 })).WithVersion(2)
	if ok, _ := ix.Put(older); ok {
		t.Error("an older version was applied")
	}
	if ok, _ := ix.Put(older.WithVersion(3)); ok {
		t.Error("the same version was applied again")
	}
	if got, _ := ix.Get("v"); got.Heat() != 100 || got.Version() != 3 {
		t.Errorf("after refused Puts: heat %d version %d", got.Heat(), got.Version())
	}
	if ok, _ := ix.Put(older.WithVersion(4)); !ok {
		t.Error("a newer version was not applied")
	}
	if got, _ := ix.Get("v"); got.Heat() != 1 {
		t.Errorf("after a newer Put: heat %d", got.Heat())
	}
	_, err := star.BuildIndex([]star.Creator{c, c, mustCreator(t, rec("w")), mustCreator(t, rec("w")), c})
	wantCodes(t, err, "star.index.duplicate_creator", "star.index.duplicate_creator")
	if _, err := star.BuildIndex([]star.Creator{{}}); err == nil {
		t.Error("BuildIndex accepted a zero Creator")
	}
	var zero star.Index // the zero Index is empty and usable
	if got, err := zero.Search(context.Background(), star.SearchRequest{Limit: 5}); err != nil || len(got) != 0 {
		t.Errorf("zero Index Search = %v, %v", got, err)
	}
	if ok, err := zero.Put(c); !ok || err != nil || zero.Len() != 1 {
		t.Errorf("zero Index Put = %v, %v; Len %d", ok, err, zero.Len())
	}
}

// Readers take no lock and see whole creators while a writer updates:
// every page a reader gets is in order and every item on it matches the
// query (run under -race).
func TestIndex_STR3_ReadersDuringWrites(t *testing.T) {
	ctx := context.Background()
	cs := synthetic(t, 3000, 11)
	ix, err := star.BuildIndex(cs)
	if err != nil {
		t.Fatal(err)
	}
	q := star.Query{Followers: star.Range{Min: 10_000}, Sort: star.Sort{Key: star.SortHeat}}
	var stop atomic.Bool
	var writer, readers sync.WaitGroup
	writer.Add(1)
	go func() {
		defer writer.Done()
		r := rand.New(rand.NewPCG(3, 4))
		for v := uint64(2); !stop.Load(); v++ {
			c, err := star.NewCreator(synthRecord(r, r.IntN(len(cs))))
			if err != nil {
				t.Error(err)
				return
			}
			if _, err := ix.Put(c.WithVersion(v)); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for reader := 0; reader < 4; reader++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for i := 0; i < 100; i++ {
				page, err := ix.Search(ctx, star.SearchRequest{Query: q, Limit: 50})
				if err != nil {
					t.Error(err)
					return
				}
				for j, c := range page {
					if ok, _ := q.Matches(c); !ok {
						t.Errorf("an item that does not match: %s", c.ID())
					}
					if j > 0 && (page[j-1].Heat() < c.Heat() || (page[j-1].Heat() == c.Heat() && page[j-1].ID() < c.ID())) {
						t.Errorf("page out of order at %d", j)
					}
				}
			}
		}()
	}
	readers.Wait()
	stop.Store(true)
	writer.Wait()
}
