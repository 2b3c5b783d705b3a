package star_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/star"
)

// maxMessage is the most a hostile input may make a rejection's message
// weigh, in either language.
const maxMessage = 4 << 10

func checkBounded(t *testing.T, name string, err error, code starmap.Code) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: accepted", name)
	}
	for _, l := range []starmap.Lang{starmap.ZH, starmap.EN} {
		if m := starmap.Message(err, l); len(m) > maxMessage {
			t.Errorf("%s: %d-byte message (%d errors): %.200s…", name, len(m), len(starmap.Codes(err)), m)
		}
	}
	if code != "" {
		found := false
		for _, c := range starmap.Codes(err) {
			found = found || c == code
		}
		if !found {
			t.Errorf("%s: codes %v, want %s", name, starmap.Codes(err), code)
		}
	}
}

// Validation of a hostile list reports a bounded message: a list longer
// than its domain is one problem, a repeated problem is reported once,
// problems with entries are capped (STR-1, STR-2, X-5).
func TestBounded_STR1_X5_ListProblems(t *testing.T) {
	const n = 20_000
	svc, _, _ := newService(t)
	put(t, svc, rec("a"))
	live := make([]star.Quote, 100_000)
	for i := range live {
		live[i] = star.Quote{Offer: star.OfferLive, Price: yuan("1")}
	}
	_, _, err := svc.SetQuotes(bgCtx, starmap.CreatorActor("a"), "a", live)
	checkBounded(t, "SetQuotes 100,000 × live", err, "star.quote.invalid")

	bad := make([]star.Quote, n)
	for i := range bad {
		bad[i] = star.Quote{Offer: star.Offer(99), Price: yuan("1")}
	}
	_, err = star.NewCreator(with("b", func(r *star.CreatorRecord) { r.Quotes = bad }))
	checkBounded(t, "NewCreator 20,000 × Offer(99)", err, "star.quote.invalid")

	gs := make([]star.GenderShare, n)
	for i := range gs {
		gs[i] = star.GenderShare{Gender: star.Gender(9), BP: 1}
	}
	_, err = star.NewCreator(with("c", func(r *star.CreatorRecord) { r.Audience.Genders = gs }))
	checkBounded(t, "NewCreator 20,000 × Gender(9)", err, "star.audience.share_invalid")

	for name, ids := range map[string][]string{
		"NewAgency 20,000 × \"bad id\"": strings.Split(strings.Repeat("bad id,", n-1)+"bad id", ","),
		"NewAgency 20,000 distinct bad ids": func() []string {
			out := make([]string, n)
			for i := range out {
				out[i] = "bad id " + strings.Repeat("x", i%100) + string(rune('a'+i%26))
			}
			return out
		}(),
		"NewAgency 20,000 × a repeated id": strings.Split(strings.Repeat("c1,", n-1)+"c1", ","),
	} {
		_, err := star.NewAgency(star.AgencyRecord{ID: "m1", Name: "机构", Founded: starmap.DateOf(now), Creators: ids})
		checkBounded(t, name, err, "star.agency.invalid")
	}
}

// Query checks and ParseQuery report a bounded message: each distinct
// invalid value once, target lists capped, empty pairs skipped, at most
// some problems then a count (STR-3, STR-4, X-5).
func TestBounded_STR3_X5_QueryProblems(t *testing.T) {
	const n = 100_000
	gs := make([]star.Gender, n)
	for i := range gs {
		gs[i] = star.Gender(9)
	}
	many := make([]star.Region, n)
	for i := range many {
		many[i] = star.Region(36 + i%200)
	}
	target := star.Target{Genders: gs, Regions: many}
	err := star.Query{Sort: star.Sort{Key: star.SortMatch}, Target: target}.Validate()
	checkBounded(t, "Validate 100,000 × Gender(9)", err, "star.query.invalid")
	_, err = star.MatchScore(mustCreator(t, rec("a")), target)
	checkBounded(t, "MatchScore", err, "star.query.invalid")
	err = star.Query{Regions: many}.Validate()
	checkBounded(t, "Validate 100,000 regions", err, "star.query.invalid")

	svc, _, _ := newService(t)
	put(t, svc, rec("a"), rec("b"))
	_, err = svc.Compare(bgCtx, ops, []string{"a", "b"}, star.OfferLive, target)
	checkBounded(t, "Compare", err, "star.query.invalid")

	_, err = star.ParseQuery("platform=" + strings.Repeat("y,", 3000) + "y")
	checkBounded(t, "ParseQuery platform=y,y,…", err, "star.query.text_malformed")
	_, err = star.ParseQuery(strings.Repeat("k", 8000/6) + strings.Repeat("&a=1", 1600))
	checkBounded(t, "ParseQuery 1,600 repeated keys", err, "star.query.text_malformed")
	var distinct strings.Builder
	for i := 0; distinct.Len() < 8000; i++ {
		distinct.WriteString("&x" + strconv.Itoa(i) + "=1")
	}
	_, err = star.ParseQuery(distinct.String()[1:])
	checkBounded(t, "ParseQuery many unknown keys", err, "star.query.text_malformed")

	// Empty pairs say nothing.
	for _, s := range []string{strings.Repeat("&", 8000), "sort=heat&&", "&sort=heat"} {
		if _, err := star.ParseQuery(s); err != nil {
			t.Errorf("ParseQuery(%.20q): %v", s, err)
		}
	}
}

// The keyword is trimmed before it is checked, and its error says its
// problem once (STR-3, X-5).
func TestKeyword_STR3_X5_TrimmedThenChecked(t *testing.T) {
	q := star.Query{Keyword: " 美妆" + strings.Repeat(" ", 200)}
	if err := q.Validate(); err != nil {
		t.Errorf("keyword with 200 trailing spaces: %v", err)
	}
	if n, err := q.Normalized(); err != nil || n.Keyword != "美妆" {
		t.Errorf("Normalized: %q %v", n.Keyword, err)
	}
	for _, tc := range []struct {
		kw, problem string
	}{
		{strings.Repeat(" ", 300), "blank"},
		{"\u3000 \t", "blank"},
		{strings.Repeat("美", 51), "longer than 50 characters"},
		{"  " + strings.Repeat("美", 300) + "  ", "longer than 50 characters"},
		{"a\x07b", ""},
	} {
		err := star.Query{Keyword: tc.kw}.Validate()
		if err == nil {
			t.Errorf("%.20q: accepted", tc.kw)
			continue
		}
		if cs := starmap.Codes(err); len(cs) != 1 || cs[0] != "star.query.keyword_invalid" {
			t.Errorf("%.20q: codes %v", tc.kw, cs)
		}
		for _, l := range []starmap.Lang{starmap.ZH, starmap.EN} {
			m := starmap.Message(err, l)
			if strings.Contains(m, "\\n") || strings.Count(m, "\n") > 0 {
				t.Errorf("%.20q: message on several lines: %q", tc.kw, m)
			}
		}
		if n := strings.Count(err.Error(), "invalid keyword"); n != 1 {
			t.Errorf("%.20q: the error says it %d times: %v", tc.kw, n, err)
		}
		if m := starmap.Message(err, starmap.EN); !strings.Contains(m, tc.problem) || strings.Contains(m, "200") {
			t.Errorf("%.20q: %q, want %q", tc.kw, m, tc.problem)
		}
	}
}

// A comparison with an unknown offer is refused with its own code, not a
// sort's (STR-4, X-5).
func TestCompare_STR4_X5_OfferInvalid(t *testing.T) {
	list := []star.Creator{mustCreator(t, rec("a")), mustCreator(t, rec("b"))}
	_, err := star.Compare(list, star.Offer(99), star.Target{}, nil)
	wantCodes(t, err, "star.compare.offer_invalid")
	if !errors.Is(err, star.ErrCompareOffer) || errors.Is(err, star.ErrQuerySort) {
		t.Errorf("Compare with Offer(99): %v", err)
	}
	if m := starmap.Message(err, starmap.EN); !strings.Contains(m, "offer") || strings.Contains(m, "sort") {
		t.Errorf("English message %q", m)
	}
	if m := starmap.Message(err, starmap.ZH); !strings.Contains(m, "报价类型") || strings.Contains(m, "排序") {
		t.Errorf("Chinese message %q", m)
	}
	svc, _, _ := newService(t)
	put(t, svc, rec("a"), rec("b"))
	_, err = svc.Compare(bgCtx, brand, []string{"a", "b"}, star.Offer(99), star.Target{})
	wantCodes(t, err, "star.compare.offer_invalid")
}
