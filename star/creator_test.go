package star_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/star/startest"
	"pgregory.net/rapid"
)

func TestNewCreator_STR1_Valid(t *testing.T) {
	r := with("c1", func(r *star.CreatorRecord) {
		r.Audience = star.Audience{
			Genders: []star.GenderShare{{Gender: star.GenderFemale, BP: 7000}, {Gender: star.GenderMale, BP: 3000}},
			Ages:    []star.AgeShare{{Band: star.Age18to23, BP: 4000}, {Band: star.Age24to30, BP: 6000}},
		}
		r.MCN = "mcn-1"
		r.Past = star.PastResults{Completed: 3, GMV: yuan("9000"), Cost: yuan("3000"), Reviewed: 4, FirstPass: 3}
	})
	c := mustCreator(t, r)
	if !c.Listed() || c.ID() != "c1" || c.MCN() != "mcn-1" || c.Heat() != 100 || c.Engagement() != 350 {
		t.Errorf("accessors: listed=%v id=%s mcn=%s heat=%d eng=%d", c.Listed(), c.ID(), c.MCN(), c.Heat(), c.Engagement())
	}
	if p, ok := c.Quote(star.OfferLive); !ok || !p.Equal(yuan("3000")) {
		t.Errorf("Quote(live) = %v, %v", p, ok)
	}
	if _, ok := c.Quote(star.OfferVideo1to20s); ok {
		t.Error("Quote of an offer not quoted is known")
	}
	if s, ok := c.GenderShare(star.GenderFemale); !ok || s != 7000 {
		t.Errorf("GenderShare(female) = %d, %v", s, ok)
	}
	if s, ok := c.AgeShare(star.Age31to40); !ok || s != 0 {
		t.Errorf("AgeShare of a band left out = %d, %v; want a known 0", s, ok)
	}
	if _, ok := c.RegionShare(star.Beijing); ok {
		t.Error("RegionShare of an unknown dimension is known")
	}
	roi, ok := c.Past().ROI()
	if !ok || !roi.Equal(yuan("3")) {
		t.Errorf("ROI = %v, %v; want 3", roi, ok)
	}
	if fp, ok := c.Past().FirstPassRate(); !ok || fp != 7500 {
		t.Errorf("FirstPassRate = %d, %v; want 7500", fp, ok)
	}
	// The record reads back to the same creator (NewCreator(c.Record()) = c).
	again := mustCreator(t, c.Record())
	if d := cmp.Diff(c, again, startest.Equal()); d != "" {
		t.Errorf("round trip through Record (-first +again):\n%s", d)
	}
	// Accessors hand out copies.
	c.Categories()[0] = "改掉"
	c.Audience().Genders[0].BP = 1
	if c.Categories()[0] != "美妆" || c.Audience().Genders[0].BP != 7000 {
		t.Error("a caller changed the creator through an accessor's slice")
	}
}

// STR-1: every field is validated, and every problem is reported at once.
func TestNewCreator_STR1_EveryProblemAtOnce(t *testing.T) {
	bad := star.CreatorRecord{
		ID:         "has space",
		Account:    star.Account{Platform: 9, ID: "", Nickname: "   ", Avatar: "https://x/ y.png", Location: star.Location{Region: 0, City: "a\x00b"}, Followers: -1, Standing: 0},
		Status:     7,
		Categories: []star.Category{"美妆", "美妆", " 护肤", ""},
		Quotes:     []star.Quote{{Offer: 9, Price: yuan("1")}, {Offer: star.OfferLive, Price: yuan("0")}, {Offer: star.OfferVideo1to20s, Price: yuan("1.005")}},
		Engagement: 10_001,
		Audience: star.Audience{Genders: []star.GenderShare{{Gender: star.GenderFemale, BP: 6000}},
			Ages: []star.AgeShare{{Band: 0, BP: 10_000}}, Regions: []star.RegionShare{{Region: star.Beijing, BP: 5000}, {Region: star.Beijing, BP: 5000}}},
		MCN:  "a/b",
		Heat: -5,
		Past: star.PastResults{Completed: -1, Reviewed: 2, FirstPass: 3, GMV: yuan("-1"), Cost: yuan("0.001")},
	}
	_, err := star.NewCreator(bad)
	want := []starmap.Code{
		"star.creator.invalid", // id
		"star.creator.invalid", // status
		"star.account.invalid", "star.account.invalid", "star.account.invalid", "star.account.invalid",
		"star.account.invalid", "star.account.invalid", "star.account.invalid", "star.account.invalid", // platform, id, nickname, avatar, region, city, followers, standing
		"star.category.invalid", "star.category.invalid", "star.category.invalid", // repeated, spaces, empty
		"star.quote.invalid", "star.quote.invalid", "star.quote.invalid", // unknown offer, zero, sub-fen
		"star.audience.share_invalid",                                                            // engagement
		"star.audience.shares_sum", "star.audience.share_invalid", "star.audience.share_invalid", // genders sum, unknown age band, repeated region
		"star.creator.invalid", "star.creator.invalid", // MCN id, heat
		"star.past.invalid", "star.past.invalid", "star.past.invalid", "star.past.invalid", // completed, first pass > reviewed, GMV negative, cost sub-fen
	}
	wantCodes(t, err, want...)
}

func TestNewCreator_STR1_Bounds(t *testing.T) {
	max := yuan(starmap.MaxAmountText)
	for _, tc := range []struct {
		name string
		f    func(*star.CreatorRecord)
		code starmap.Code // "" valid
	}{
		{"STR-1 followers 0", func(r *star.CreatorRecord) { r.Account.Followers = 0 }, ""},
		{"STR-1 followers max", func(r *star.CreatorRecord) { r.Account.Followers = star.MaxFollowers }, ""},
		{"STR-1 followers above max", func(r *star.CreatorRecord) { r.Account.Followers = star.MaxFollowers + 1 }, "star.account.invalid"},
		{"STR-1 engagement 0", func(r *star.CreatorRecord) { r.Engagement = 0 }, ""},
		{"STR-1 engagement 10000", func(r *star.CreatorRecord) { r.Engagement = star.FullShare }, ""},
		{"STR-1 engagement negative", func(r *star.CreatorRecord) { r.Engagement = -1 }, "star.audience.share_invalid"},
		{"STR-1 heat max", func(r *star.CreatorRecord) { r.Heat = star.MaxHeat }, ""},
		{"STR-1 heat above max", func(r *star.CreatorRecord) { r.Heat = star.MaxHeat + 1 }, "star.creator.invalid"},
		{"STR-1 price the largest amount", func(r *star.CreatorRecord) { r.Quotes = []star.Quote{{Offer: star.OfferLive, Price: max}} }, ""},
		{"STR-1 price above the largest amount", func(r *star.CreatorRecord) {
			r.Quotes = []star.Quote{{Offer: star.OfferLive, Price: max.Add(yuan("0.01"))}}
		}, "star.quote.invalid"},
		{"STR-1 price one fen", func(r *star.CreatorRecord) { r.Quotes = []star.Quote{{Offer: star.OfferLive, Price: yuan("0.01")}} }, ""},
		{"STR-1 price negative", func(r *star.CreatorRecord) { r.Quotes = []star.Quote{{Offer: star.OfferLive, Price: yuan("-1")}} }, "star.quote.invalid"},
		{"STR-1 price 1.500 is whole fen", func(r *star.CreatorRecord) { r.Quotes = []star.Quote{{Offer: star.OfferLive, Price: yuan("1.500")}} }, ""},
		{"STR-1 no quotes", func(r *star.CreatorRecord) { r.Quotes = nil }, ""},
		{"STR-1 8 categories", func(r *star.CreatorRecord) {
			r.Categories = []star.Category{"a", "b", "c", "d", "e", "f", "g", "h"}
		}, ""},
		{"STR-1 9 categories", func(r *star.CreatorRecord) {
			r.Categories = []star.Category{"a", "b", "c", "d", "e", "f", "g", "h", "i"}
		}, "star.category.invalid"},
		{"STR-1 category of 20 characters", func(r *star.CreatorRecord) { r.Categories = []star.Category{star.Category(strings.Repeat("美", 20))} }, ""},
		{"STR-1 category of 21 characters", func(r *star.CreatorRecord) { r.Categories = []star.Category{star.Category(strings.Repeat("美", 21))} }, "star.category.invalid"},
		{"STR-1 nickname of 51 characters", func(r *star.CreatorRecord) { r.Account.Nickname = strings.Repeat("名", 51) }, "star.account.invalid"},
		{"STR-1 nickname with a bidi control", func(r *star.CreatorRecord) { r.Account.Nickname = "a\u202eb" }, "star.account.invalid"},
		{"STR-1 shares of one dimension sum to 10000", func(r *star.CreatorRecord) {
			r.Audience.Regions = []star.RegionShare{{Region: star.Beijing, BP: 9999}, {Region: star.RegionOther, BP: 1}}
		}, ""},
		{"STR-1 shares sum to 10001", func(r *star.CreatorRecord) {
			r.Audience.Regions = []star.RegionShare{{Region: star.Beijing, BP: 9999}, {Region: star.RegionOther, BP: 2}}
		}, "star.audience.shares_sum"},
		{"STR-1 one share above 10000", func(r *star.CreatorRecord) {
			r.Audience.Genders = []star.GenderShare{{Gender: star.GenderFemale, BP: 10001}}
		}, "star.audience.share_invalid"},
		{"STR-1 first pass equal to reviewed", func(r *star.CreatorRecord) { r.Past = star.PastResults{Reviewed: 5, FirstPass: 5} }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := star.NewCreator(with("b1", tc.f))
			if tc.code == "" {
				if err != nil {
					t.Fatalf("NewCreator: %v", err)
				}
				return
			}
			wantCodes(t, err, tc.code)
		})
	}
}

// ONB-4: only an open Star Map account in normal standing is listed.
func TestCreator_ONB4_Listed(t *testing.T) {
	for _, tc := range []struct {
		status   star.Status
		standing onboarding.Standing
		listed   bool
	}{
		{star.StatusOpen, onboarding.StandingNormal, true},
		{star.StatusOpen, onboarding.StandingRateLimited, false},
		{star.StatusOpen, onboarding.StandingViolation, false},
		{star.StatusPending, onboarding.StandingNormal, false},
		{star.StatusClosed, onboarding.StandingNormal, false},
	} {
		c := mustCreator(t, with("l", func(r *star.CreatorRecord) { r.Status, r.Account.Standing = tc.status, tc.standing }))
		if c.Listed() != tc.listed {
			t.Errorf("%s/%s: Listed = %v, want %v", tc.status, tc.standing, c.Listed(), tc.listed)
		}
	}
}

// The zero Creator answers zeros and is refused by the index.
func TestCreator_Zero(t *testing.T) {
	var c star.Creator
	if !c.IsZero() || c.ID() != "" || c.Listed() || c.Quotes() != nil || c.Categories() != nil {
		t.Error("zero Creator is not empty")
	}
	if _, ok := c.Quote(star.OfferLive); ok {
		t.Error("zero Creator quotes")
	}
	if _, err := star.NewIndex().Put(c); err == nil {
		t.Error("Index.Put accepted the zero Creator")
	}
}

// Property: every generated record validates, and Record reads back to
// the same creator.
func TestCreator_STR1_RecordRoundTrip(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		c := startest.Creator(rt, "p1")
		again, err := star.NewCreator(c.Record())
		if err != nil {
			rt.Fatalf("NewCreator(Record()): %v", err)
		}
		if d := cmp.Diff(c.Record(), again.Record(), startest.Equal()); d != "" {
			rt.Fatalf("round trip (-first +again):\n%s", d)
		}
	})
}

func TestEnums_Names(t *testing.T) {
	for _, o := range star.Offers() {
		if back, ok := star.ParseOffer(o.String()); !ok || back != o || strings.ContainsAny(o.Label(starmap.ZH), "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("offer %v: parse %v %v, zh %q", o, back, ok, o.Label(starmap.ZH))
		}
	}
	for _, r := range star.Regions() {
		if back, ok := star.ParseRegion(r.String()); !ok || back != r || r.Label(starmap.ZH) == r.String() {
			t.Errorf("region %v: parse %v %v, zh %q", r, back, ok, r.Label(starmap.ZH))
		}
	}
	if len(star.Regions()) != 35 {
		t.Errorf("%d regions, want 34 provincial-level divisions and other", len(star.Regions()))
	}
	for _, a := range star.AgeBands() {
		if back, ok := star.ParseAgeBand(a.String()); !ok || back != a {
			t.Errorf("age band %v does not parse back", a)
		}
	}
	for _, d := range star.Dimensions() {
		if d.Label(starmap.ZH) == "" || strings.HasPrefix(d.String(), "Dimension(") {
			t.Errorf("dimension %d unnamed", d)
		}
	}
	if star.Offer(0).Label(starmap.ZH) != "未知报价类型0" || star.Region(99).String() != "Region(99)" {
		t.Errorf("unknown values: %q %q", star.Offer(0).Label(starmap.ZH), star.Region(99).String())
	}
	if star.OfferLive.Format() != starmap.FormatLive || star.OfferVideo1to20s.Format() != starmap.FormatShortVideo || star.Offer(0).Format() != 0 {
		t.Error("Offer.Format")
	}
	_ = decimal.Zero
}
