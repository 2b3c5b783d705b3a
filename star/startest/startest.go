// Package startest is the conformance kit for star.Store implementations,
// like testing/fstest beside io/fs: a host's store test calls TestStore
// with a constructor of empty stores. The kit runs the SDK's one version
// contract (internal/kit.CheckVersions: create at version 1, stale and
// missing writes, every field round-tripped, no shared memory, exactly one
// of many concurrent writers winning) on creators, agencies and
// advertisers, then checks the store's own queries: Search against the
// reference star.Scan over random rosters and random queries, page by
// page, with creators created and updated between the pages; ListCreators,
// ListAgencies and ListAdvertisers in id order with their cursors; and
// that bad requests and cancelled contexts are refused.
//
// The generators (CreatorRecord, Creator, Roster, Query) are exported for
// host tests of their own.
package startest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/internal/kit"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
	"pgregory.net/rapid"
)

// Equal compares the package's values by their records (money by Equal,
// dates by value).
func Equal() cmp.Options {
	return cmp.Options{
		cmp.Transformer("creator", func(c star.Creator) star.CreatorRecord { return c.Record() }),
		cmp.Transformer("agency", func(a star.Agency) star.AgencyRecord { return a.Record() }),
		cmp.Transformer("advertiser", func(a star.Advertiser) star.AdvertiserRecord { return a.Record() }),
		cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
		cmp.AllowUnexported(starmap.Date{}),
	}
}

func mustCreator(rec star.CreatorRecord) star.Creator {
	c, err := star.NewCreator(rec)
	if err != nil {
		panic("startest: a fixture creator is invalid: " + err.Error()) // a kit bug, never input
	}
	return c
}

// TestStore checks a star.Store; newStore returns an empty store each
// time it is called.
func TestStore(t *testing.T, newStore func() star.Store) {
	t.Run("versions", func(t *testing.T) { testVersions(t, newStore()) })
	t.Run("search", func(t *testing.T) { testSearch(t, newStore) })
	t.Run("search_refuses", func(t *testing.T) { testSearchRefuses(t, newStore()) })
	t.Run("lists", func(t *testing.T) { testLists(t, newStore()) })
	t.Run("context", func(t *testing.T) { testContext(t, newStore()) })
}

func testVersions(t *testing.T, s star.Store) {
	kit.CheckVersions(t, 0, kit.Records[string, star.Creator]{
		Kind: "creator", Get: s.GetCreator, Create: s.CreateCreator, Update: s.UpdateCreator,
		New:         func(i int) star.Creator { return mustCreator(full("kit-c"+strconv.Itoa(i), i)) },
		Key:         star.Creator.ID,
		Version:     star.Creator.Version,
		WithVersion: star.Creator.WithVersion,
		Change: func(c star.Creator, i int) star.Creator {
			rec := c.Record()
			rec.Heat = int64(i)
			rec.Account.Nickname = "改名" + strconv.Itoa(i)
			rec.Categories = rec.Categories[:1+i%len(rec.Categories)]
			return mustCreator(rec)
		},
		Scribble: func(*star.Creator) {}, // immutable: nothing reachable to overwrite
		Options:  Equal(),
	})
	kit.CheckVersions(t, 0, kit.Records[string, star.Agency]{
		Kind: "agency", Get: s.GetAgency, Create: s.CreateAgency, Update: s.UpdateAgency,
		New: func(i int) star.Agency {
			a, err := star.NewAgency(star.AgencyRecord{ID: "kit-a" + strconv.Itoa(i), Name: "星光MCN" + strconv.Itoa(i),
				Founded: starmap.MinDate(), Qualification: "91310000MA1K" + strconv.Itoa(i), Creators: []string{"kit-c1", "kit-c2", "kit-c" + strconv.Itoa(i+3)}})
			if err != nil {
				panic("startest: " + err.Error())
			}
			return a
		},
		Key: star.Agency.ID, Version: star.Agency.Version, WithVersion: star.Agency.WithVersion,
		Change: func(a star.Agency, i int) star.Agency {
			rec := a.Record()
			rec.Name = "改名MCN" + strconv.Itoa(i)
			rec.Creators = append(rec.Creators, "kit-new"+strconv.Itoa(i))
			out, err := star.NewAgency(rec)
			if err != nil {
				panic("startest: " + err.Error())
			}
			return out
		},
		Scribble: func(*star.Agency) {},
		Options:  Equal(),
	})
	kit.CheckVersions(t, 0, kit.Records[string, star.Advertiser]{
		Kind: "advertiser", Get: s.GetAdvertiser, Create: s.CreateAdvertiser, Update: s.UpdateAdvertiser,
		New: func(i int) star.Advertiser {
			a, err := star.NewAdvertiser(star.AdvertiserRecord{ID: "kit-ad" + strconv.Itoa(i), Name: "品牌方" + strconv.Itoa(i),
				Kind: onboarding.MerchantCompany, CertifiedOn: starmap.MaxDate()})
			if err != nil {
				panic("startest: " + err.Error())
			}
			return a
		},
		Key: star.Advertiser.ID, Version: star.Advertiser.Version, WithVersion: star.Advertiser.WithVersion,
		Change: func(a star.Advertiser, i int) star.Advertiser {
			rec := a.Record()
			rec.Name = "改名品牌" + strconv.Itoa(i)
			rec.Kind = onboarding.MerchantKind(1 + i%2)
			out, err := star.NewAdvertiser(rec)
			if err != nil {
				panic("startest: " + err.Error())
			}
			return out
		},
		Scribble: func(*star.Advertiser) {},
		Options:  Equal(),
	})
}

// ids lists the ids of cs.
func ids(cs []star.Creator) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID()
	}
	return out
}

// testSearch is the property: for random rosters and queries, every page
// the store returns is the page star.Scan returns over the store's
// current creators, from the same position — with creators updated and
// added between the pages.
func testSearch(t *testing.T, newStore func() star.Store) {
	ctx := context.Background()
	rapid.Check(t, func(rt *rapid.T) {
		s := newStore()
		model := map[string]star.Creator{}
		var order []string // creation order, for a stable model roster
		for _, c := range Roster(rt, 40) {
			if _, err := s.CreateCreator(ctx, c); err != nil {
				rt.Fatalf("CreateCreator: %v", err)
			}
			model[c.ID()] = c.WithVersion(1)
			order = append(order, c.ID())
		}
		q := Query(rt)
		limit := rapid.IntRange(1, star.MaxRequestLimit).Draw(rt, "limit")
		var after star.Position
		for page := 0; page < 50; page++ {
			roster := make([]star.Creator, 0, len(order))
			for _, id := range order {
				roster = append(roster, model[id])
			}
			req := star.SearchRequest{Query: q, After: after, Limit: limit}
			want, err := star.Scan(ctx, roster, req)
			if err != nil {
				rt.Fatalf("Scan: %v", err)
			}
			got, err := s.Search(ctx, req)
			if err != nil {
				rt.Fatalf("Search page %d: %v", page, err)
			}
			if d := cmp.Diff(ids(want), ids(got)); d != "" {
				rt.Fatalf("page %d of %s after %+v limit %d: Search differs from Scan (-scan +store):\n%s", page, q, after, limit, d)
			}
			if d := cmp.Diff(want, got, Equal(), cmpopts.EquateEmpty()); d != "" {
				rt.Fatalf("page %d: the creators differ from the stored ones (-scan +store):\n%s", page, d)
			}
			if len(got) < limit {
				break
			}
			last := got[len(got)-1]
			key, err := q.SortValue(last)
			if err != nil {
				rt.Fatalf("SortValue: %v", err)
			}
			after = star.Position{Key: key, ID: last.ID()}
			// Between pages the roster changes: updates of any creator
			// (seen or not) and new creators.
			for n := rapid.IntRange(0, 3).Draw(rt, "changes"); n > 0 && len(order) > 0; n-- {
				if rapid.IntRange(0, 3).Draw(rt, "create") == 0 {
					c := Creator(rt, "n"+strconv.Itoa(len(order)))
					if _, err := s.CreateCreator(ctx, c); err != nil {
						rt.Fatalf("CreateCreator between pages: %v", err)
					}
					model[c.ID()] = c.WithVersion(1)
					order = append(order, c.ID())
					continue
				}
				id := order[rapid.IntRange(0, len(order)-1).Draw(rt, "update")]
				cur := model[id]
				next := Creator(rt, id).WithVersion(cur.Version())
				v, err := s.UpdateCreator(ctx, next)
				if err != nil {
					rt.Fatalf("UpdateCreator between pages: %v", err)
				}
				model[id] = next.WithVersion(v)
			}
		}
	})
}

func testSearchRefuses(t *testing.T, s star.Store) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		req  star.SearchRequest
	}{
		{"limit_0", star.SearchRequest{Limit: 0}},
		{"limit_above_max", star.SearchRequest{Limit: star.MaxRequestLimit + 1}},
		{"min_above_max", star.SearchRequest{Query: star.Query{Followers: star.Range{Min: 10, Max: 5}}, Limit: 10}},
		{"unknown_sort", star.SearchRequest{Query: star.Query{Sort: star.Sort{Key: 99}}, Limit: 10}},
		{"blank_keyword", star.SearchRequest{Query: star.Query{Keyword: "   "}, Limit: 10}},
		{"bad_position", star.SearchRequest{After: star.Position{ID: "has space"}, Limit: 10}},
	} {
		if _, err := s.Search(ctx, tc.req); !errors.Is(err, starmap.ErrInvalid) {
			t.Errorf("%s: Search = %v, want an error matching starmap.ErrInvalid", tc.name, err)
		}
	}
}

func testLists(t *testing.T, s star.Store) {
	ctx := context.Background()
	var want, wantA []string
	for i := 0; i < 7; i++ {
		rec := full("list-"+strconv.Itoa(6-i), i)
		rec.MCN = ""
		if i%2 == 0 {
			rec.MCN = "mcn-list"
			wantA = append([]string{rec.ID}, wantA...)
		}
		if _, err := s.CreateCreator(ctx, mustCreator(rec)); err != nil {
			t.Fatalf("CreateCreator: %v", err)
		}
		want = append([]string{rec.ID}, want...)
		ag, _ := star.NewAgency(star.AgencyRecord{ID: "list-ag" + strconv.Itoa(6-i), Name: "机构", Founded: starmap.MinDate()})
		if _, err := s.CreateAgency(ctx, ag); err != nil {
			t.Fatalf("CreateAgency: %v", err)
		}
		ad, _ := star.NewAdvertiser(star.AdvertiserRecord{ID: "list-ad" + strconv.Itoa(6-i), Name: "品牌", Kind: onboarding.MerchantIndividual})
		if _, err := s.CreateAdvertiser(ctx, ad); err != nil {
			t.Fatalf("CreateAdvertiser: %v", err)
		}
	}
	collect := func(label string, page func(cursor string) ([]string, string, error)) []string {
		t.Helper()
		var out []string
		cursor := ""
		for i := 0; i < 20; i++ {
			got, next, err := page(cursor)
			if err != nil {
				t.Fatalf("%s: %v", label, err)
			}
			out = append(out, got...)
			if next == "" {
				return out
			}
			cursor = next
		}
		t.Fatalf("%s: more than 20 pages", label)
		return nil
	}
	got := collect("ListCreators", func(c string) ([]string, string, error) {
		p, err := s.ListCreators(ctx, star.ListQuery{PageRequest: starmap.PageRequest{Limit: 3, Cursor: c}})
		return ids(p.Items), p.Next, err
	})
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ListCreators in id order, 3 a page (-want +got):\n%s", d)
	}
	got = collect("ListCreators by MCN", func(c string) ([]string, string, error) {
		p, err := s.ListCreators(ctx, star.ListQuery{MCN: "mcn-list", PageRequest: starmap.PageRequest{Limit: 2, Cursor: c}})
		return ids(p.Items), p.Next, err
	})
	if d := cmp.Diff(wantA, got); d != "" {
		t.Errorf("ListCreators of one MCN (-want +got):\n%s", d)
	}
	got = collect("ListAgencies", func(c string) ([]string, string, error) {
		p, err := s.ListAgencies(ctx, starmap.PageRequest{Limit: 4, Cursor: c})
		out := make([]string, len(p.Items))
		for i, a := range p.Items {
			out[i] = a.ID()
			if a.Version() != 1 {
				err = fmt.Errorf("agency %s listed at version %d, want 1", a.ID(), a.Version())
			}
		}
		return out, p.Next, err
	})
	if len(got) != 7 || got[0] != "list-ag0" || got[6] != "list-ag6" {
		t.Errorf("ListAgencies = %v, want list-ag0 … list-ag6", got)
	}
	got = collect("ListAdvertisers", func(c string) ([]string, string, error) {
		p, err := s.ListAdvertisers(ctx, starmap.PageRequest{Limit: 5, Cursor: c})
		out := make([]string, len(p.Items))
		for i, a := range p.Items {
			out[i] = a.ID()
		}
		return out, p.Next, err
	})
	if len(got) != 7 || got[0] != "list-ad0" || got[6] != "list-ad6" {
		t.Errorf("ListAdvertisers = %v, want list-ad0 … list-ad6", got)
	}
	if _, err := s.ListCreators(ctx, star.ListQuery{PageRequest: starmap.PageRequest{Limit: -1}}); !errors.Is(err, starmap.ErrPageLimit) {
		t.Errorf("ListCreators with a negative limit = %v, want ErrPageLimit", err)
	}
	if _, err := s.ListCreators(ctx, star.ListQuery{PageRequest: starmap.PageRequest{Cursor: "!!"}}); !errors.Is(err, starmap.ErrInvalid) {
		t.Errorf("ListCreators with a bad cursor = %v, want ErrInvalid", err)
	}
}

func testContext(t *testing.T, s star.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := mustCreator(full("ctx-1", 1))
	if _, err := s.CreateCreator(ctx, c); !errors.Is(err, context.Canceled) {
		t.Errorf("CreateCreator with a cancelled context = %v, want context.Canceled", err)
	}
	if _, err := s.GetCreator(context.Background(), "ctx-1"); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("after a cancelled CreateCreator, Get = %v, want ErrNotFound (nothing written)", err)
	}
	if _, err := s.Search(ctx, star.SearchRequest{Limit: 1}); !errors.Is(err, context.Canceled) {
		t.Errorf("Search with a cancelled context = %v, want context.Canceled", err)
	}
}
