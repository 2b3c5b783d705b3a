package star_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/star/startest"
)

var (
	badStrings = []string{"", " ", "\t", "a b", "\xff\xfe", "a\x00b", "a\u202eb", "a\u200bb", "a:b", "a/b", "a|b",
		strings.Repeat("x", 129), strings.Repeat("美", 300), strings.Repeat("a", 1<<20), "\n", "\u3000"}
	// badInts are outside every count's range: below 0 or above 10^15.
	badInts    = []int64{-1, math.MinInt64, math.MaxInt64, star.MaxCount + 1, star.MaxHeat + 1}
	badAmounts = []decimal.Decimal{decimal.New(-1, 0), decimal.New(1, -3), decimal.New(1, 30), decimal.New(1, -30), decimal.New(0, 0), decimal.RequireFromString("-0.001")}
	// badEnums are outside every enum of the package, whose largest has 35
	// values (0 is never a value either).
	badEnums    = []uint8{0, 36, 200, 255}
	adversaries = []starmap.Actor{{}, starmap.AdvertiserActor(""), starmap.CreatorActor("a b"), starmap.SubAccountActor("", "x"), starmap.PlatformActor(strings.Repeat("p", 200))}
)

// X-5, every exported constructor and Service method with zero, nil, huge
// and malformed arguments: each answers a coded error, changes nothing
// stored and never panics.
func TestAdversarial_X5(t *testing.T) {
	store := memstore.NewStarStore()
	svc, err := star.NewService(store, starmap.NewManualClock(now))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.PutAgency(bgCtx, ops, agency); err != nil {
		t.Fatal(err)
	}
	put(t, svc, rec("a"), rec("b"))
	snapshot := func() string {
		cs, _ := store.ListCreators(bgCtx, star.ListQuery{PageRequest: starmap.PageRequest{Limit: 200}})
		as, _ := store.ListAgencies(bgCtx, starmap.PageRequest{Limit: 200})
		ads, _ := store.ListAdvertisers(bgCtx, starmap.PageRequest{Limit: 200})
		return cmp.Diff(nil, []any{cs.Items, as.Items, ads.Items}, startest.Equal())
	}
	before := snapshot()
	tried := 0
	try := func(name string, f func() error) {
		t.Helper()
		tried++
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s panicked: %v", name, r)
				}
			}()
			err = f()
		}()
		if err == nil {
			t.Errorf("%s: accepted", name)
			return
		}
		if len(starmap.Codes(err)) == 0 {
			t.Errorf("%s: an error without a code: %v", name, err)
		}
		if os.Getenv("ADV_DEBUG") != "" && snapshot() != before {
			t.Fatalf("%s changed the store (err %v)", name, err)
		}
	}
	// The creator record, one bad field at a time, through NewCreator and
	// PutCreator.
	creator := func(name string, f func(*star.CreatorRecord)) {
		r := rec("adv")
		f(&r)
		try("NewCreator "+name, func() error { _, err := star.NewCreator(r); return err })
		try("PutCreator "+name, func() error { _, _, err := svc.PutCreator(bgCtx, ops, r); return err })
	}
	for i, s := range badStrings {
		creator(fmt.Sprintf("id %d", i), func(r *star.CreatorRecord) { r.ID = s })
		creator(fmt.Sprintf("account id %d", i), func(r *star.CreatorRecord) { r.Account.ID = s })
		if s != "" && strings.TrimSpace(s) != "" && !strings.ContainsAny(s, "\x00\u202e\n\t\xff") && len(s) < 1000 && !strings.Contains(s, "美美") {
			continue // a legal nickname, city or category
		}
		creator(fmt.Sprintf("nickname %d", i), func(r *star.CreatorRecord) { r.Account.Nickname = s })
		creator(fmt.Sprintf("category %d", i), func(r *star.CreatorRecord) { r.Categories = []star.Category{star.Category(s)} })
	}
	for i, s := range badStrings[1:] {
		if strings.ContainsAny(s, ":/|") || len(s) > 128 || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x3000 || r == 0x200b || r == 0x202e }) || s == "\xff\xfe" {
			creator(fmt.Sprintf("mcn %d", i), func(r *star.CreatorRecord) { r.MCN = s })
		}
		if strings.ContainsAny(s, "\x00\u202e\n\t\xff") || len(s) > 1000 {
			creator(fmt.Sprintf("avatar %d", i), func(r *star.CreatorRecord) { r.Account.Avatar = s })
			creator(fmt.Sprintf("city %d", i), func(r *star.CreatorRecord) { r.Account.Location.City = s })
		}
	}
	for i, n := range badInts {
		creator(fmt.Sprintf("followers %d", i), func(r *star.CreatorRecord) { r.Account.Followers = n })
		creator(fmt.Sprintf("heat %d", i), func(r *star.CreatorRecord) { r.Heat = n })
		creator(fmt.Sprintf("engagement %d", i), func(r *star.CreatorRecord) { r.Engagement = int(n) })
		creator(fmt.Sprintf("completed %d", i), func(r *star.CreatorRecord) { r.Past.Completed = n })
		creator(fmt.Sprintf("first pass %d", i), func(r *star.CreatorRecord) { r.Past.FirstPass = n })
		creator(fmt.Sprintf("share %d", i), func(r *star.CreatorRecord) {
			r.Audience.Genders = []star.GenderShare{{Gender: star.GenderFemale, BP: int(n)}}
		})
	}
	for i, d := range badAmounts {
		creator(fmt.Sprintf("quote %d", i), func(r *star.CreatorRecord) { r.Quotes = []star.Quote{{Offer: star.OfferLive, Price: d}} })
		if d.Sign() != 0 {
			creator(fmt.Sprintf("GMV %d", i), func(r *star.CreatorRecord) { r.Past.GMV = d })
		}
	}
	for i, e := range badEnums {
		creator(fmt.Sprintf("platform %d", i), func(r *star.CreatorRecord) { r.Account.Platform = onboarding.Platform(e) })
		creator(fmt.Sprintf("standing %d", i), func(r *star.CreatorRecord) { r.Account.Standing = onboarding.Standing(e) })
		creator(fmt.Sprintf("status %d", i), func(r *star.CreatorRecord) { r.Status = star.Status(e) })
		creator(fmt.Sprintf("region %d", i), func(r *star.CreatorRecord) { r.Account.Location.Region = star.Region(e) })
		creator(fmt.Sprintf("offer %d", i), func(r *star.CreatorRecord) { r.Quotes = []star.Quote{{Offer: star.Offer(e), Price: yuan("1")}} })
		creator(fmt.Sprintf("age band %d", i), func(r *star.CreatorRecord) { r.Audience.Ages = []star.AgeShare{{Band: star.AgeBand(e), BP: 10_000}} })
	}
	creator("the zero record", func(r *star.CreatorRecord) { *r = star.CreatorRecord{} })
	creator("too many categories", func(r *star.CreatorRecord) { r.Categories = make([]star.Category, 1000) })
	creator("too many quotes", func(r *star.CreatorRecord) {
		r.Quotes = make([]star.Quote, 1000)
	})
	// Agencies and advertisers.
	for i, s := range badStrings {
		try(fmt.Sprintf("NewAgency id %d", i), func() error {
			_, err := star.NewAgency(star.AgencyRecord{ID: s, Name: "机构", Founded: starmap.MinDate()})
			return err
		})
		try(fmt.Sprintf("PutAgency id %d", i), func() error {
			_, _, err := svc.PutAgency(bgCtx, ops, star.AgencyRecord{ID: s, Name: "机构", Founded: starmap.MinDate()})
			return err
		})
		try(fmt.Sprintf("PutAgency creators %d", i), func() error {
			_, _, err := svc.PutAgency(bgCtx, ops, star.AgencyRecord{ID: "m", Name: "机构", Founded: starmap.MinDate(), Creators: []string{s}})
			return err
		})
		try(fmt.Sprintf("PutAdvertiser id %d", i), func() error {
			_, _, err := svc.PutAdvertiser(bgCtx, ops, star.AdvertiserRecord{ID: s, Name: "品牌", Kind: onboarding.MerchantCompany})
			return err
		})
		for name, call := range map[string]func() error{
			"GetCreator":    func() error { _, err := svc.GetCreator(bgCtx, brand, s); return err },
			"GetAgency":     func() error { _, err := svc.GetAgency(bgCtx, brand, s); return err },
			"GetAdvertiser": func() error { _, err := svc.GetAdvertiser(bgCtx, brand, s); return err },
			"SetQuotes":     func() error { _, _, err := svc.SetQuotes(bgCtx, ops, s, nil); return err },
			"Compare": func() error {
				_, err := svc.Compare(bgCtx, brand, []string{"a", s}, star.OfferLive, star.Target{})
				return err
			},
			"Search cursor": func() error {
				_, err := svc.Search(bgCtx, brand, star.Query{PageRequest: starmap.PageRequest{Cursor: s + "x"}})
				return err
			},
			"ParseQuery": func() error { _, err := star.ParseQuery("q=" + s + "&nope"); return err },
		} {
			try(fmt.Sprintf("%s %d", name, i), call)
		}
		if strings.TrimSpace(s) == "" || strings.ContainsAny(s, "\x00\u202e\n\t\xff") || len(s) > 1000 {
			try(fmt.Sprintf("Search keyword %d", i), func() error { _, err := svc.Search(bgCtx, brand, star.Query{Keyword: s + " "}); return err })
		}
	}
	for i, e := range badEnums {
		try(fmt.Sprintf("PutAdvertiser kind %d", i), func() error {
			_, _, err := svc.PutAdvertiser(bgCtx, ops, star.AdvertiserRecord{ID: "x", Name: "品牌", Kind: onboarding.MerchantKind(e)})
			return err
		})
		try(fmt.Sprintf("Search sort %d", i), func() error {
			_, err := svc.Search(bgCtx, brand, star.Query{Sort: star.Sort{Key: star.SortKey(max(e, 6))}})
			return err
		})
		try(fmt.Sprintf("Search platform %d", i), func() error {
			_, err := svc.Search(bgCtx, brand, star.Query{Platforms: []onboarding.Platform{onboarding.Platform(e)}})
			return err
		})
		try(fmt.Sprintf("Search audience %d", i), func() error {
			_, err := svc.Search(bgCtx, brand, star.Query{Audience: star.AudienceFilter{Age: star.AgeBand(max(e, 7)), AgeMin: 1}})
			return err
		})
		try(fmt.Sprintf("Compare offer %d", i), func() error {
			_, err := svc.Compare(bgCtx, brand, []string{"a", "b"}, star.Offer(e), star.Target{})
			return err
		})
		try(fmt.Sprintf("MatchScore %d", i), func() error {
			_, err := star.MatchScore(star.Creator{}, star.Target{Regions: []star.Region{star.Region(e)}})
			return err
		})
	}
	for i, n := range badInts {
		try(fmt.Sprintf("Search followers %d", i), func() error {
			_, err := svc.Search(bgCtx, brand, star.Query{Followers: star.Range{Min: n}})
			return err
		})
		try(fmt.Sprintf("Search engagement %d", i), func() error {
			_, err := svc.Search(bgCtx, brand, star.Query{Engagement: star.Range{Max: n}})
			return err
		})
		try(fmt.Sprintf("Search completed %d", i), func() error { _, err := svc.Search(bgCtx, brand, star.Query{MinCompleted: n}); return err })
		if n < 0 { // a large limit is clamped, not refused
			try(fmt.Sprintf("Search limit %d", i), func() error {
				_, err := svc.Search(bgCtx, brand, star.Query{PageRequest: starmap.PageRequest{Limit: int(n)}})
				return err
			})
		}
		try(fmt.Sprintf("Index.Search limit %d", i), func() error {
			_, err := store.Index().Search(bgCtx, star.SearchRequest{Limit: int(n)})
			return err
		})
		try(fmt.Sprintf("Scan limit %d", i), func() error { _, err := star.Scan(bgCtx, nil, star.SearchRequest{Limit: int(n)}); return err })
		try(fmt.Sprintf("Compare shortlist of %d", i), func() error {
			_, err := svc.Compare(bgCtx, brand, make([]string, min(max(n, 0), 1000)), star.OfferLive, star.Target{})
			return err
		})
	}
	for i, d := range badAmounts {
		if d.Sign() == 0 {
			continue
		}
		try(fmt.Sprintf("Search price %d", i), func() error {
			_, err := svc.Search(bgCtx, brand, star.Query{Price: star.PriceRange{Offer: star.OfferLive, Min: d}})
			return err
		})
		try(fmt.Sprintf("SetQuotes %d", i), func() error {
			_, _, err := svc.SetQuotes(bgCtx, ops, "a", []star.Quote{{Offer: star.OfferLive, Price: d}})
			return err
		})
	}
	// Actors that are no one: every method refuses them.
	for i, by := range adversaries {
		for name, call := range map[string]func() error{
			"Search": func() error { _, err := svc.Search(bgCtx, by, star.Query{}); return err },
			"Compare": func() error {
				_, err := svc.Compare(bgCtx, by, []string{"a", "b"}, star.OfferLive, star.Target{})
				return err
			},
			"GetCreator": func() error { _, err := svc.GetCreator(bgCtx, by, "a"); return err },
			"PutCreator": func() error { _, _, err := svc.PutCreator(bgCtx, by, rec("a")); return err },
			"SetQuotes":  func() error { _, _, err := svc.SetQuotes(bgCtx, by, "a", nil); return err },
			"PutAgency":  func() error { _, _, err := svc.PutAgency(bgCtx, by, agency); return err },
			"GetAgency":  func() error { _, err := svc.GetAgency(bgCtx, by, "mcn-1"); return err },
			"PutAdvertiser": func() error {
				_, _, err := svc.PutAdvertiser(bgCtx, by, star.AdvertiserRecord{ID: "x", Name: "n", Kind: 1})
				return err
			},
			"GetAdvertiser": func() error { _, err := svc.GetAdvertiser(bgCtx, by, "x"); return err },
		} {
			try(fmt.Sprintf("%s by adversary %d", name, i), call)
		}
	}
	// Nil context.
	var nilCtx context.Context
	try("Search with a nil context", func() error { _, err := svc.Search(nilCtx, brand, star.Query{}); return err })
	try("PutCreator with a nil context", func() error { _, _, err := svc.PutCreator(nilCtx, ops, rec("z")); return err })
	// The index and the pure functions with zero values.
	try("Index.Put zero", func() error { _, err := store.Index().Put(star.Creator{}); return err })
	try("BuildIndex zero", func() error { _, err := star.BuildIndex(make([]star.Creator, 3)); return err })
	try("Compare nil", func() error { _, err := star.Compare(nil, 0, star.Target{}, nil); return err })
	try("Index.List bad cursor", func() error {
		_, err := store.Index().List(bgCtx, star.ListQuery{PageRequest: starmap.PageRequest{Cursor: "%%%"}})
		return err
	})
	try("Index.Search bad position", func() error {
		_, err := store.Index().Search(bgCtx, star.SearchRequest{Limit: 1, After: star.Position{ID: "\xff"}})
		return err
	})
	if after := snapshot(); after != before {
		t.Errorf("refused calls changed the store:\n%s\n%s", before, after)
	}
	if star.FoldPast("", nil).Completed != 0 {
		t.Error("FoldPast of nothing")
	}
	t.Logf("%d adversarial inputs, each refused with a coded error, nothing stored", tried)
}
