package star_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/star/startest"
	"pgregory.net/rapid"
)

// search answers q over cs with the reference Scan and with an Index
// (built in one pass, and fed one Put at a time), fails t unless the three
// agree, and returns the ids of the whole result (every page).
func search(t *testing.T, cs []star.Creator, q star.Query) []string {
	t.Helper()
	ctx := context.Background()
	req := star.SearchRequest{Query: q, Limit: star.MaxRequestLimit}
	want, err := star.Scan(ctx, cs, req)
	if err != nil {
		t.Fatalf("Scan(%s): %v", q, err)
	}
	built, err := star.BuildIndex(cs)
	if err != nil {
		t.Fatalf("BuildIndex: %v", err)
	}
	fed := star.NewIndex()
	for _, c := range cs {
		if _, err := fed.Put(c.WithVersion(1)); err != nil {
			t.Fatalf("Put: %v", err)
		}
	}
	for name, ix := range map[string]*star.Index{"built": built, "fed": fed} {
		got, err := ix.Search(ctx, req)
		if err != nil {
			t.Fatalf("%s index Search(%s): %v", name, q, err)
		}
		if d := cmp.Diff(idsOf(want), idsOf(got)); d != "" {
			t.Errorf("%s index differs from Scan for %s (-scan +index):\n%s", name, q, d)
		}
	}
	return idsOf(want)
}

// roster is the fixture of the filter table: a–h listed, x1–x4 not.
func roster(t *testing.T) []star.Creator {
	rs := []star.CreatorRecord{
		with("a", func(r *star.CreatorRecord) {
			r.Account.Nickname, r.Account.Followers, r.Heat, r.Engagement = "小美妆日记", 100_000, 50, 300
			r.Audience.Genders = []star.GenderShare{{Gender: star.GenderFemale, BP: 8000}, {Gender: star.GenderMale, BP: 2000}}
			r.Past = star.PastResults{Completed: 5, Reviewed: 4, FirstPass: 4}
		}),
		with("b", func(r *star.CreatorRecord) {
			r.Account.Nickname, r.Account.Followers, r.Heat, r.Engagement = "ＭＥＩ Lab", 500_000, 90, 500
			r.Account.Platform, r.Account.Location.Region = onboarding.Xigua, star.Beijing
			r.Categories = []star.Category{"护肤", "美妆"}
			r.Audience.Genders = []star.GenderShare{{Gender: star.GenderFemale, BP: 6000}, {Gender: star.GenderMale, BP: 4000}}
			r.MCN = "mcn-1"
			r.Past = star.PastResults{Completed: 1, Reviewed: 4, FirstPass: 3}
		}),
		with("c", func(r *star.CreatorRecord) {
			r.Account.Nickname, r.Account.Followers, r.Heat, r.Engagement = "数码老王", 1_000_000, 90, 120
			r.Account.Location.Region = star.Guangdong
			r.Categories = []star.Category{"3C数码"}
			r.Quotes = []star.Quote{{Offer: star.OfferVideo1to20s, Price: yuan("500")}}
			r.MCN = "mcn-2"
		}),
		with("d", func(r *star.CreatorRecord) {
			r.Account.Nickname, r.Account.Followers, r.Heat, r.Engagement = "吃货阿强", 99_999, 10, 800
			r.Categories = []star.Category{"美食"}
			r.Quotes = []star.Quote{{Offer: star.OfferLive, Price: yuan("2999.99")}}
			r.Audience.Ages = []star.AgeShare{{Band: star.Age18to23, BP: 3000}, {Band: star.Age24to30, BP: 7000}}
		}),
		with("e", func(r *star.CreatorRecord) {
			r.Account.Nickname, r.Account.Platform, r.Heat = "mei的护肤", onboarding.Toutiao, 70
			r.Quotes = []star.Quote{{Offer: star.OfferLive, Price: yuan("3000.01")}, {Offer: star.OfferVideo21to60s, Price: yuan("1000")}}
			r.Audience.Regions = []star.RegionShare{{Region: star.Guangdong, BP: 2500}, {Region: star.RegionOther, BP: 7500}}
		}),
		with("f", func(r *star.CreatorRecord) { r.Account.Nickname, r.Heat = "旅行的猫", 70 }),
		with("x1", func(r *star.CreatorRecord) { r.Status = star.StatusPending }),
		with("x2", func(r *star.CreatorRecord) { r.Status = star.StatusClosed }),
		with("x3", func(r *star.CreatorRecord) { r.Account.Standing = onboarding.StandingViolation }),
		with("x4", func(r *star.CreatorRecord) { r.Account.Standing = onboarding.StandingRateLimited }),
	}
	out := make([]star.Creator, len(rs))
	for i, r := range rs {
		out[i] = mustCreator(t, r)
	}
	return out
}

func sorted(ids []string) []string { out := slices.Clone(ids); slices.Sort(out); return out }

// STR-3 and ONB-4: each filter alone, on the fixture roster; results
// compared as sets (ordering has its own table).
func TestSearch_STR3_Filters(t *testing.T) {
	cs := roster(t)
	for _, tc := range []struct {
		name string
		q    star.Query
		want []string
	}{
		{"ONB-4 listed by default: open and normal only", star.Query{}, []string{"a", "b", "c", "d", "e", "f"}},
		{"ONB-4 include not open", star.Query{Include: star.IncludeNotOpen}, []string{"a", "b", "c", "d", "e", "f", "x1", "x2"}},
		{"ONB-4 include restricted", star.Query{Include: star.IncludeRestricted}, []string{"a", "b", "c", "d", "e", "f", "x3", "x4"}},
		{"ONB-4 include all", star.Query{Include: star.IncludeAll}, []string{"a", "b", "c", "d", "e", "f", "x1", "x2", "x3", "x4"}},
		{"STR-3 platform", star.Query{Platforms: []onboarding.Platform{onboarding.Xigua, onboarding.Toutiao}}, []string{"b", "e"}},
		{"STR-3 followers from 100000 (inclusive)", star.Query{Followers: star.Range{Min: 100_000}}, []string{"a", "b", "c", "e", "f"}},
		{"STR-3 followers 100000 to 500000 (inclusive)", star.Query{Followers: star.Range{Min: 100_000, Max: 500_000}}, []string{"a", "b", "e", "f"}},
		{"STR-3 engagement 300..500 bp", star.Query{Engagement: star.Range{Min: 300, Max: 500}}, []string{"a", "b", "e", "f"}},
		{"STR-3 price of live up to 3000.00", star.Query{Price: star.PriceRange{Offer: star.OfferLive, Max: yuan("3000")}}, []string{"a", "b", "d", "f"}},
		{"STR-3 price of live from 2999.99 to 3000.00", star.Query{Price: star.PriceRange{Offer: star.OfferLive, Min: yuan("2999.99"), Max: yuan("3000")}},
			[]string{"a", "b", "d", "f"}},
		{"STR-3 quotes 1-20s at all", star.Query{Price: star.PriceRange{Offer: star.OfferVideo1to20s}}, []string{"c"}},
		{"STR-3 regions any of", star.Query{Regions: []star.Region{star.Beijing, star.Guangdong}}, []string{"b", "c"}},
		{"STR-3 categories any of", star.Query{Categories: []star.Category{"护肤", "美食"}}, []string{"b", "d"}},
		{"STR-3 audience female ≥ 6000 (inclusive; unknown profiles fail)", star.Query{Audience: star.AudienceFilter{Gender: star.GenderFemale, GenderMin: 6000}}, []string{"a", "b"}},
		{"STR-3 audience 24-30 ≥ 7000", star.Query{Audience: star.AudienceFilter{Age: star.Age24to30, AgeMin: 7000}}, []string{"d"}},
		{"STR-3 audience Guangdong ≥ 2500", star.Query{Audience: star.AudienceFilter{Region: star.Guangdong, RegionMin: 2500}}, []string{"e"}},
		{"STR-3 independent", star.Query{Signing: star.SigningIndependent}, []string{"a", "d", "e", "f"}},
		{"STR-3 signed to an MCN", star.Query{Signing: star.SigningSigned}, []string{"b", "c"}},
		{"STR-3 signed to mcn-2", star.Query{MCN: "mcn-2"}, []string{"c"}},
		{"STR-3 at least 2 completed orders", star.Query{MinCompleted: 2}, []string{"a"}},
		{"STR-3 first-pass rate ≥ 7500 (never reviewed fail)", star.Query{MinFirstPass: 7500}, []string{"a", "b"}},
		{"STR-3 first-pass rate ≥ 7501", star.Query{MinFirstPass: 7501}, []string{"a"}},
		{"STR-3 keyword 美妆 finds 小美妆日记", star.Query{Keyword: "美妆"}, []string{"a"}},
		{"STR-3 keyword folds width and case", star.Query{Keyword: "mei"}, []string{"b", "e"}},
		{"STR-3 keyword in full width", star.Query{Keyword: " ＭＥＩ "}, []string{"b", "e"}},
		{"STR-3 keyword on the account id", star.Query{Keyword: "DY-C"}, []string{"c"}},
		{"STR-3 every filter together", star.Query{Platforms: []onboarding.Platform{onboarding.Douyin}, Followers: star.Range{Min: 50_000},
			Categories: []star.Category{"美妆"}, Signing: star.SigningIndependent, Keyword: "日记"}, []string{"a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if d := cmp.Diff(tc.want, sorted(search(t, cs, tc.q))); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// STR-3: the sorts; ties broken by id in the sort's direction.
func TestSearch_STR3_Sorts(t *testing.T) {
	cs := roster(t)
	for _, tc := range []struct {
		name string
		q    star.Query
		want []string
	}{
		{"heat descending by default, ties by id descending", star.Query{}, []string{"c", "b", "f", "e", "a", "d"}},
		{"heat ascending, ties by id ascending", star.Query{Sort: star.Sort{Key: star.SortHeat, Ascending: true}}, []string{"d", "a", "e", "f", "b", "c"}},
		{"engagement", star.Query{Sort: star.Sort{Key: star.SortEngagement}}, []string{"d", "b", "f", "e", "a", "c"}},
		{"followers", star.Query{Sort: star.Sort{Key: star.SortFollowers}}, []string{"c", "b", "f", "e", "a", "d"}},
		{"price of live ascending lists only who quotes it", star.Query{Sort: star.Sort{Key: star.SortPrice, Offer: star.OfferLive, Ascending: true}},
			[]string{"d", "a", "b", "f", "e"}},
		{"price of 1-20s", star.Query{Sort: star.Sort{Key: star.SortPrice, Offer: star.OfferVideo1to20s}}, []string{"c"}},
		// a: F8000 → 8000 / 2 + 美妆 hit 1 of 1 → 10000: (8000+10000)/2 = 9000.
		// b: F6000 → 6000; 美妆 → 10000: 8000. c, d, e, f: unknown gender (0) and no 美妆 → 0, except f (美妆): 5000, e (美妆): 5000, d 0.
		{"match score", star.Query{Sort: star.Sort{Key: star.SortMatch}, Target: star.Target{Genders: []star.Gender{star.GenderFemale}, Categories: []star.Category{"美妆"}}},
			[]string{"a", "b", "f", "e", "d", "c"}},
	} {
		t.Run("STR-3 "+tc.name, func(t *testing.T) {
			if d := cmp.Diff(tc.want, search(t, cs, tc.q)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// STR-3: the match score formula of the package doc, on hand-computed
// cases.
func TestMatchScore_STR3_HandComputed(t *testing.T) {
	withAudience := mustCreator(t, with("m", func(r *star.CreatorRecord) {
		r.Categories = []star.Category{"美妆", "护肤"}
		r.Audience.Genders = []star.GenderShare{{Gender: star.GenderFemale, BP: 7000}, {Gender: star.GenderMale, BP: 3000}}
		r.Audience.Ages = []star.AgeShare{{Band: star.Age18to23, BP: 4000}, {Band: star.Age24to30, BP: 6000}}
	}))
	noAudience := mustCreator(t, rec("n"))
	for _, tc := range []struct {
		name string
		c    star.Creator
		t    star.Target
		want int
	}{
		{"female 7000 and 1 of 2 categories: (7000 + 5000) / 2", withAudience, star.Target{Genders: []star.Gender{star.GenderFemale}, Categories: []star.Category{"美妆", "母婴"}}, 6000},
		{"three audience dimensions, region unknown counts 0: (7000 + 10000 + 0) / 3, rounded down", withAudience,
			star.Target{Genders: []star.Gender{star.GenderFemale}, Ages: []star.AgeBand{star.Age18to23, star.Age24to30}, Regions: []star.Region{star.Beijing}}, 5666},
		{"categories only, all hit", withAudience, star.Target{Categories: []star.Category{"美妆"}}, 10000},
		{"categories only, 2 of 3 hit, rounded down", withAudience, star.Target{Categories: []star.Category{"美妆", "护肤", "母婴"}}, 6666},
		{"categories only, none hit", withAudience, star.Target{Categories: []star.Category{"母婴", "美食", "3C数码"}}, 0},
		{"a known band with no audience", withAudience, star.Target{Ages: []star.AgeBand{star.Age31to40}}, 0},
		{"both genders: the whole audience", withAudience, star.Target{Genders: []star.Gender{star.GenderFemale, star.GenderMale}}, 10000},
		{"no profile: (0 + 10000) / 2", noAudience, star.Target{Genders: []star.Gender{star.GenderFemale}, Categories: []star.Category{"美妆"}}, 5000},
		{"an empty target scores 0", withAudience, star.Target{}, 0},
	} {
		t.Run("STR-3 "+tc.name, func(t *testing.T) {
			got, err := star.MatchScore(tc.c, tc.t)
			if err != nil || got != tc.want {
				t.Errorf("MatchScore = %d, %v; want %d", got, err, tc.want)
			}
		})
	}
	if _, err := star.MatchScore(withAudience, star.Target{Genders: []star.Gender{9}}); err == nil {
		t.Error("MatchScore accepted an unknown gender")
	}
}

// STR-3: a bad query lists every problem.
func TestQuery_STR3_BadQueriesListEveryProblem(t *testing.T) {
	q := star.Query{
		Followers:  star.Range{Min: 500, Max: 100},
		Engagement: star.Range{Min: 20_000},
		Price:      star.PriceRange{Offer: star.OfferLive, Min: yuan("10"), Max: yuan("5")},
		Audience:   star.AudienceFilter{Gender: star.GenderFemale, GenderMin: 10_001, AgeMin: 5},
		Sort:       star.Sort{Key: 42},
		Keyword:    "   ",
		Signing:    star.SigningIndependent,
		MCN:        "mcn-1",
		Include:    8,
	}
	wantCodes(t, q.Validate(),
		"star.query.range_inverted", "star.query.invalid", "star.query.range_inverted", // followers, engagement bound, price
		"star.query.share_invalid", "star.query.share_invalid", // gender min above 10000, age min without a band
		"star.query.sort_invalid", "star.query.keyword_invalid", "star.query.invalid", "star.query.invalid") // sort, keyword, signing, include
	for _, tc := range []struct {
		name string
		q    star.Query
		code starmap.Code
	}{
		{"STR-3 price sort without an offer", star.Query{Sort: star.Sort{Key: star.SortPrice}}, "star.query.sort_invalid"},
		{"STR-3 match sort without a target", star.Query{Sort: star.Sort{Key: star.SortMatch}}, "star.query.sort_invalid"},
		{"STR-3 share of 0", star.Query{Audience: star.AudienceFilter{Region: star.Beijing}}, "star.query.share_invalid"},
		{"STR-3 first pass above 10000", star.Query{MinFirstPass: 10_001}, "star.query.share_invalid"},
		{"STR-3 keyword of 51 characters", star.Query{Keyword: strings.Repeat("美", 51)}, "star.query.keyword_invalid"},
		{"STR-3 keyword with a control character", star.Query{Keyword: "a\x07"}, "star.query.keyword_invalid"},
		{"STR-3 unknown platform", star.Query{Platforms: []onboarding.Platform{9}}, "star.query.invalid"},
		{"STR-3 unknown region", star.Query{Regions: []star.Region{0}}, "star.query.invalid"},
		{"STR-3 negative followers", star.Query{Followers: star.Range{Min: -1}}, "star.query.invalid"},
		{"STR-3 sub-fen price", star.Query{Price: star.PriceRange{Offer: star.OfferLive, Min: yuan("0.001")}}, "star.query.invalid"},
		{"STR-3 price bound without an offer", star.Query{Price: star.PriceRange{Max: yuan("5")}}, "star.query.invalid"},
		{"STR-3 a bad MCN id", star.Query{MCN: "a b"}, "star.query.invalid"},
		{"STR-3 a blank category", star.Query{Categories: []star.Category{" "}}, "star.query.invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) { wantCodes(t, tc.q.Validate(), tc.code) })
	}
	if err := (star.Query{PageRequest: starmap.PageRequest{Limit: -1}}).Validate(); !errorsIs(err, starmap.ErrPageLimit) {
		t.Errorf("negative limit: %v", err)
	}
}

// STR-3: page sizes 1–100; 0 is the default, more is clamped.
func TestQuery_STR3_PageSize(t *testing.T) {
	for limit, want := range map[int]int{0: 20, 1: 1, 100: 100, 101: 100, 1 << 40: 100} {
		if got := (star.Query{PageRequest: starmap.PageRequest{Limit: limit}}).EffectiveLimit(); got != want {
			t.Errorf("limit %d → %d, want %d", limit, got, want)
		}
	}
}

// The text form reads back to the normalized query, for random queries.
func TestQuery_STR3_TextRoundTrip(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		q := startest.Query(rt)
		q.Limit = rapid.IntRange(0, 200).Draw(rt, "limit")
		q.Cursor = rapid.SampledFrom([]string{"", "abc", "a&b=c,d%"}).Draw(rt, "cursor")
		n, err := q.Normalized()
		if err != nil {
			rt.Fatalf("Normalized: %v", err)
		}
		back, err := star.ParseQuery(q.String())
		if err != nil {
			rt.Fatalf("ParseQuery(%q): %v", q.String(), err)
		}
		if d := cmp.Diff(n, back, startest.Equal()); d != "" {
			rt.Fatalf("ParseQuery(%q) (-normalized +parsed):\n%s", q.String(), d)
		}
		if back.String() != q.String() {
			rt.Fatalf("String is not stable: %q then %q", q.String(), back.String())
		}
	})
}

func TestParseQuery_STR3_Examples(t *testing.T) {
	q, err := star.ParseQuery("platform=douyin&followers=100000..&category=%E7%BE%8E%E5%A6%86&sort=price:live:asc&limit=50")
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Platforms) != 1 || q.Followers.Min != 100_000 || q.Categories[0] != "美妆" || q.Sort.Key != star.SortPrice ||
		q.Sort.Offer != star.OfferLive || !q.Sort.Ascending || q.Limit != 50 {
		t.Errorf("parsed %+v", q)
	}
	if q.String() != "platform=douyin&followers=100000..&category=%E7%BE%8E%E5%A6%86&sort=price:live:asc&limit=50" {
		t.Errorf("String = %q", q.String())
	}
	for _, bad := range []string{"nope=1", "platform=mars", "followers=1..2&followers=3..4", "followers=abc..", "followers=5",
		"sort=price:nothing", "price=live:1.005..", "audience.gender=female", "limit=01", "q=%zz", "include=everyone", "x"} {
		_, err := star.ParseQuery(bad)
		if err == nil {
			t.Errorf("ParseQuery(%q) accepted", bad)
			continue
		}
		zhClean(t, err)
	}
	if _, err := star.ParseQuery(strings.Repeat("a", star.MaxQueryText+1)); err == nil {
		t.Error("an over-long text accepted")
	}
	if _, err := star.ParseQuery("followers=10..5"); !errorsIs(err, star.ErrQueryRange) {
		t.Errorf("ParseQuery of an inverted range: %v, want ErrQueryRange", err)
	}
}
