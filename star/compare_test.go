package star_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/star"
)

// STR-4: a shortlist side by side; what the SDK does not hold, or the
// creator lacks, is unknown — never a zero.
func TestCompare_STR4(t *testing.T) {
	full := mustCreator(t, with("a", func(r *star.CreatorRecord) {
		r.Categories = []star.Category{"美妆", "护肤"}
		r.Audience.Genders = []star.GenderShare{{Gender: star.GenderFemale, BP: 8000}, {Gender: star.GenderMale, BP: 2000}}
		r.Past = star.PastResults{Completed: 4, GMV: yuan("12000"), Cost: yuan("4000"), Reviewed: 5, FirstPass: 4}
	}))
	bare := mustCreator(t, with("b", func(r *star.CreatorRecord) { r.Quotes = nil; r.Categories = nil }))
	third := mustCreator(t, with("c", func(r *star.CreatorRecord) {
		r.Audience.Ages = []star.AgeShare{{Band: star.Age18to23, BP: 10_000}}
	}))
	target := star.Target{Genders: []star.Gender{star.GenderFemale}, Categories: []star.Category{"美妆", "母婴"}}
	facts := map[string]star.Facts{"a": {OpenTasks: star.KnownCell(2), ContentQuality: star.KnownCell(8800)}, "zz": {OpenTasks: star.KnownCell(-5)}}
	cmpn, err := star.Compare([]star.Creator{full, bare, third}, star.OfferLive, target, facts)
	if err != nil {
		t.Fatal(err)
	}
	if len(cmpn.Columns) != 3 || cmpn.Columns[0].Creator.ID() != "a" || cmpn.Columns[2].Creator.ID() != "c" || cmpn.Offer != star.OfferLive {
		t.Fatalf("columns %v", cmpn.Columns)
	}
	a, b, c := cmpn.Columns[0], cmpn.Columns[1], cmpn.Columns[2]
	// a: everything known.
	if !a.Audience.Known || a.AudienceMatch != star.KnownCell(8000) || a.StyleMatch != star.KnownCell(5000) ||
		!a.Price.Known || !a.Price.Value.Equal(yuan("3000")) || a.OpenTasks != star.KnownCell(2) ||
		a.ContentQuality != star.KnownCell(8800) || a.ReviewPassRate != star.KnownCell(8000) || !a.ROI.Known || !a.ROI.Value.Equal(yuan("3")) ||
		a.Completed != 4 || !a.GMV.Equal(yuan("12000")) || a.Followers != 200_000 || a.Engagement != 350 {
		t.Errorf("column a: %+v", a)
	}
	if len(a.Unknown()) != 0 {
		t.Errorf("a unknown: %v", a.Unknown())
	}
	// b: no profile, no live quote, no facts, never reviewed, nothing spent.
	if b.Audience.Known || b.AudienceMatch.Known || b.Price.Known || b.OpenTasks.Known || b.ContentQuality.Known ||
		b.ReviewPassRate.Known || b.ROI.Known {
		t.Errorf("column b shows values it does not have: %+v", b)
	}
	if b.StyleMatch != star.KnownCell(0) || b.Completed != 0 {
		t.Errorf("b's style match is a known 0 (no category of the target), completed a known 0: %+v", b)
	}
	want := []star.Dimension{star.DimAudience, star.DimPrice, star.DimSchedule, star.DimContentQuality, star.DimReviewPassRate}
	if d := cmp.Diff(want, b.Unknown()); d != "" {
		t.Errorf("b unknown (-want +got):\n%s", d)
	}
	// c: a profile, but not of the target's gender: the match is unknown.
	if !c.Audience.Known || c.AudienceMatch.Known {
		t.Errorf("c: profile known %v, match %+v", c.Audience.Known, c.AudienceMatch)
	}
	// Without a target category the style match is unknown.
	cmpn, _ = star.Compare([]star.Creator{full, bare}, star.OfferVideo21to60s, star.Target{}, nil)
	if cmpn.Columns[0].StyleMatch.Known || cmpn.Columns[0].AudienceMatch.Known || !cmpn.Columns[0].Price.Known || cmpn.Columns[1].Price.Known {
		t.Errorf("no target: %+v", cmpn.Columns[0])
	}
}

func TestCompare_STR4_Refusals(t *testing.T) {
	a, b := mustCreator(t, rec("a")), mustCreator(t, rec("b"))
	eleven := make([]star.Creator, 11)
	for i := range eleven {
		eleven[i] = mustCreator(t, rec("k"+string(rune('a'+i))))
	}
	for _, tc := range []struct {
		name  string
		list  []star.Creator
		offer star.Offer
		t     star.Target
		facts map[string]star.Facts
		codes []starmap.Code
	}{
		{"STR-4 one creator", []star.Creator{a}, star.OfferLive, star.Target{}, nil, []starmap.Code{"star.compare.shortlist_invalid"}},
		{"STR-4 eleven creators", eleven, star.OfferLive, star.Target{}, nil, []starmap.Code{"star.compare.shortlist_invalid"}},
		{"STR-4 a creator twice", []star.Creator{a, b, a}, star.OfferLive, star.Target{}, nil, []starmap.Code{"star.compare.shortlist_invalid"}},
		{"STR-4 a zero creator", []star.Creator{a, {}}, star.OfferLive, star.Target{}, nil, []starmap.Code{"star.compare.shortlist_invalid"}},
		{"STR-4 every problem at once", []star.Creator{a}, 0, star.Target{Genders: []star.Gender{7}}, map[string]star.Facts{"a": {ContentQuality: star.KnownCell(10_001)}},
			[]starmap.Code{"star.compare.shortlist_invalid", "star.compare.offer_invalid", "star.query.invalid", "star.compare.fact_invalid"}},
		{"STR-4 negative open tasks", []star.Creator{a, b}, star.OfferLive, star.Target{}, map[string]star.Facts{"b": {OpenTasks: star.KnownCell(-1)}},
			[]starmap.Code{"star.compare.fact_invalid"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := star.Compare(tc.list, tc.offer, tc.t, tc.facts)
			wantCodes(t, err, tc.codes...)
		})
	}
}

// STR-4 through the Service: the host's facts, and who may see whom.
func TestService_STR4_Compare(t *testing.T) {
	var asked []string
	svc, _, _ := newService(t, star.WithFacts(factsFunc(func(ids []string) (map[string]star.Facts, error) {
		asked = ids
		return map[string]star.Facts{"b": {OpenTasks: star.KnownCell(3)}}, nil
	})))
	put(t, svc, rec("a"), rec("b"), rec("c"), with("x", func(r *star.CreatorRecord) { r.Status = star.StatusClosed }))
	got, err := svc.Compare(bgCtx, brand, []string{"c", "a", "b"}, star.OfferLive, star.Target{Categories: []star.Category{"美妆"}})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"c", "a", "b"}, asked); d != "" {
		t.Errorf("facts asked for (-want +got):\n%s", d)
	}
	if got.Columns[2].OpenTasks != star.KnownCell(3) || got.Columns[0].OpenTasks.Known || got.Columns[1].StyleMatch != star.KnownCell(10_000) {
		t.Errorf("columns: %+v", got.Columns)
	}
	_, err = svc.Compare(bgCtx, brand, []string{"a", "x", "ghost"}, star.OfferLive, star.Target{})
	if !errors.Is(err, star.ErrNotListed) || !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("an unlisted and a missing creator: %v", err)
	}
	if _, err := svc.Compare(bgCtx, ops, []string{"a", "x"}, star.OfferLive, star.Target{}); err != nil {
		t.Errorf("the platform compares an unlisted creator: %v", err)
	}
	_, err = svc.Compare(bgCtx, brand, []string{"a"}, 0, star.Target{})
	wantCodes(t, err, "star.compare.shortlist_invalid", "star.compare.offer_invalid")
	boom := errors.New("facts service down")
	svc2, _, _ := newService(t, star.WithFacts(factsFunc(func([]string) (map[string]star.Facts, error) { return nil, boom })))
	put(t, svc2, rec("a"), rec("b"))
	if _, err := svc2.Compare(bgCtx, brand, []string{"a", "b"}, star.OfferLive, star.Target{}); !errors.Is(err, boom) {
		t.Errorf("a failing fact source: %v", err)
	}
}
