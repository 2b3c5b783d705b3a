package pgstore

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/star/startest"
)

// emptyStarStore returns a store on pool with its tables emptied. The kit
// asks for a new store for every case of its search property (a hundred
// of them), more schemas and pools than a test server takes, and it uses
// each store only until it asks for the next: so the cases share one
// schema, emptied in between.
func emptyStarStore(t *testing.T, pool *pgxpool.Pool) *StarStore {
	t.Helper()
	if _, err := pool.Exec(context.Background(), "TRUNCATE star_creators, star_agencies, star_advertisers"); err != nil {
		t.Fatal(err)
	}
	s, err := NewStarStore(pool)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStarStore(t *testing.T) {
	pool := freshPool(t)
	startest.TestStore(t, func() star.Store { return emptyStarStore(t, pool) })
}

// TestStarStore_keywords: keywords with LIKE's wildcards and with folded
// forms (full-width letters, upper case) find exactly what star.Scan finds.
func TestStarStore_keywords(t *testing.T) {
	ctx := context.Background()
	s := emptyStarStore(t, freshPool(t))
	nicks := []string{"a_b达人", "50%off", "ＭＥＩ美妆", "Straße", "ΣΟΦΙΑ", "back\\slash", "小美妆日记", "abc", "a%b"}
	var roster []star.Creator
	for i, n := range nicks {
		id := "kw-" + strconv.Itoa(i)
		c, err := star.NewCreator(star.CreatorRecord{ID: id, Status: star.StatusOpen,
			Account: star.Account{Platform: onboarding.Douyin, ID: "acct_" + strconv.Itoa(i), Nickname: n, Followers: int64(i),
				Location: star.Location{Region: star.Beijing}, Standing: onboarding.StandingNormal}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateCreator(ctx, c); err != nil {
			t.Fatal(err)
		}
		roster = append(roster, c.WithVersion(1))
	}
	for _, kw := range []string{"_", "%", "a_b", "a%b", "mei", "ＭＥＩ", "MEI", "美妆", "σοφ", "ΣΟΦ", "\\", "ss", "ß", "acct_1", "t_", "o"} {
		req := star.SearchRequest{Query: star.Query{Keyword: kw, Include: star.IncludeAll}, Limit: star.MaxRequestLimit}
		want, err := star.Scan(ctx, roster, req)
		if err != nil {
			t.Fatalf("%q: Scan: %v", kw, err)
		}
		got, err := s.Search(ctx, req)
		if err != nil {
			t.Fatalf("%q: Search: %v", kw, err)
		}
		if !slices.Equal(ids(want), ids(got)) {
			t.Errorf("keyword %q: Search = %v, Scan = %v", kw, ids(got), ids(want))
		}
	}
}

// TestHasTrigram_STR3: only a keyword with a run of three letters or
// digits is pinned to the trigram index; shorter ones (美妆, "a b", "%_")
// would read the index whole and are left to the planner.
func TestHasTrigram_STR3(t *testing.T) {
	for kw, want := range map[string]bool{
		"美妆日记": true, "美妆": false, "nick-4242": true, "ab-cd": false, "a b c": false,
		"%_\\": false, "": false, "x12": true, "日记 ab": false, "ab 日记本": true,
	} {
		if got := hasTrigram(kw); got != want {
			t.Errorf("STR-3: hasTrigram(%q) = %v, want %v", kw, got, want)
		}
	}
}

func ids(cs []star.Creator) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID()
	}
	return out
}

// TestStarStore_plans: the statements Search and ListCreators run are
// served by the indexes named in the package doc's table.
func TestStarStore_plans(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	if _, err := pool.Exec(ctx, `INSERT INTO star_creators
		SELECT 'c-' || lpad(i::text, 6, '0'), 1 + i % 3, i * 100, i % 10000, (i * 7919) % 100003,
		       i * 10, CASE WHEN i % 2 = 0 THEN i * 20 END, NULL, i * 5,
		       1 + i % 30, CASE WHEN i % 2000 = 0 THEN ARRAY['稀有'] ELSE ARRAY['美妆', '美食'] END,
		       ARRAY[5000, 5000]::smallint[], NULL, NULL,
		       CASE WHEN i % 10 = 0 THEN 'mcn-' || (i % 70) ELSE '' END, i % 50, NULL,
		       1, i % 20 = 0, i % 20 <> 0, 'nick-' || i, 'acct-' || i, 1, '{}'
		FROM generate_series(1, 20000) i`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "ANALYZE star_creators"); err != nil {
		t.Fatal(err)
	}
	after := star.Position{Key: 5000, ID: "c-010000"}
	for _, c := range []struct {
		name    string
		r       star.SearchRequest
		index   string
		ordered bool
	}{
		{"Search, default (listed, heat)", star.SearchRequest{Limit: 21}, "star_creators_listed_heat", true},
		{"Search, default, after a position", star.SearchRequest{After: after, Limit: 21}, "star_creators_listed_heat", true},
		{"Search, all, heat ascending", star.SearchRequest{Query: star.Query{Include: star.IncludeAll, Sort: star.Sort{Ascending: true}}, After: after, Limit: 21}, "star_creators_heat", true},
		{"Search, engagement", star.SearchRequest{Query: star.Query{Include: star.IncludeAll, Sort: star.Sort{Key: star.SortEngagement}}, After: after, Limit: 21}, "star_creators_engagement", true},
		{"Search, followers in a range", star.SearchRequest{Query: star.Query{Followers: star.Range{Min: 100000, Max: 900000}, Sort: star.Sort{Key: star.SortFollowers}}, Limit: 21}, "star_creators_followers", true},
		{"Search, price of an offer", star.SearchRequest{Query: star.Query{Sort: star.Sort{Key: star.SortPrice, Offer: star.OfferVideo21to60s, Ascending: true}}, After: after, Limit: 21}, "star_creators_price_2", true},
		{"Search, keyword", star.SearchRequest{Query: star.Query{Keyword: "nick-4242"}, Limit: 21}, "star_creators_keyword", false},
		// A keyword half the rows match, by heat after a position: still
		// matched through the trigram index first (the pinned plan), not
		// a walk of the heat index testing every row (STR-3, README
		// "Scale").
		{"Search, a common keyword, after a position", star.SearchRequest{Query: star.Query{Keyword: "nick-1"}, After: after, Limit: 21}, "star_creators_keyword", false},
		{"Search, a common keyword by followers", star.SearchRequest{Query: star.Query{Keyword: "ACCT-1", Sort: star.Sort{Key: star.SortFollowers}}, Limit: 21}, "star_creators_keyword", false},
		{"Search, a rare category", star.SearchRequest{Query: star.Query{Categories: []star.Category{"稀有"}}, Limit: 21}, "star_creators_categories", false},
	} {
		sql, args, err := searchSQL(c.r)
		if err != nil {
			t.Fatal(err)
		}
		usesIndex(t, c.name, explain(t, pool, sql, args...), c.index, c.ordered)
	}
	sql, args := listCreatorsSQL("", "c-000100", 20)
	usesIndex(t, "ListCreators", explain(t, pool, sql, args...), "star_creators_pkey", true)
	sql, args = listCreatorsSQL("mcn-7", "c-000100", 20)
	usesIndex(t, "ListCreators of an MCN", explain(t, pool, sql, args...), "star_creators_mcn", true)
	// The match score has no index: the matching rows are scored and sorted.
	sql, args, err := searchSQL(star.SearchRequest{Query: star.Query{Sort: star.Sort{Key: star.SortMatch},
		Target: star.Target{Genders: []star.Gender{star.GenderFemale}, Categories: []star.Category{"美妆"}}}, Limit: 21})
	if err != nil {
		t.Fatal(err)
	}
	if plan := explain(t, pool, sql, args...); !strings.Contains(plan, "Sort") {
		t.Errorf("Search by match score: want a sort; plan:\n%s", plan)
	}
}
