package star_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/internal/kit"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
)

// now is the instant of every test's clock.
var now = time.Date(2026, 6, 1, 10, 0, 0, 0, starmap.CST())

func yuan(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// rec is a valid, listed creator record: a Douyin beauty creator in
// Shanghai, independent, with a 21–60 s quote of ¥1000 and a live one of
// ¥3000.
func rec(id string) star.CreatorRecord {
	return star.CreatorRecord{
		ID: id,
		Account: star.Account{Platform: onboarding.Douyin, ID: "dy-" + id, Nickname: "达人" + id,
			Location: star.Location{Region: star.Shanghai}, Followers: 200_000, Standing: onboarding.StandingNormal},
		Status:     star.StatusOpen,
		Categories: []star.Category{"美妆"},
		Quotes:     []star.Quote{{Offer: star.OfferVideo21to60s, Price: yuan("1000")}, {Offer: star.OfferLive, Price: yuan("3000")}},
		Engagement: 350,
		Heat:       100,
	}
}

// with returns rec(id) changed by f.
func with(id string, f func(*star.CreatorRecord)) star.CreatorRecord {
	r := rec(id)
	f(&r)
	return r
}

func mustCreator(t testing.TB, r star.CreatorRecord) star.Creator {
	t.Helper()
	c, err := star.NewCreator(r)
	if err != nil {
		t.Fatalf("NewCreator(%s): %v", r.ID, err)
	}
	return c
}

func idsOf(cs []star.Creator) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID()
	}
	return out
}

// wantCodes fails t unless err carries exactly the codes want, in any
// order — the codes of this package's rules ("star." …): the root's rules
// that they wrap as causes (id.invalid, money.too_large …) are left out —
// and every zh-CN message of it is free of English.
func wantCodes(t *testing.T, err error, want ...starmap.Code) {
	t.Helper()
	var got []starmap.Code
	for _, c := range starmap.Codes(err) {
		if strings.HasPrefix(string(c), "star.") {
			got = append(got, c)
		}
	}
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Errorf("codes = %v, want %v (err: %v)", got, want, err)
	}
	if len(want) > 0 && !errors.Is(err, starmap.ErrInvalid) && !errors.Is(err, starmap.ErrForbidden) {
		t.Errorf("error %v matches no shared kind", err)
	}
	zhClean(t, err)
}

// zhClean fails t when the zh-CN message of err holds English words
// the ids the tests put in and MCN aside.
func zhClean(t *testing.T, err error) {
	t.Helper()
	m := starmap.Message(err, starmap.ZH)
	if w := kit.EnglishWords(m, "MCN", "has space", "acct-", "dy-", "nope", "ghost", "mcn-x", "mcn-1", "mcn-2"); len(w) > 0 {
		t.Errorf("zh-CN message holds English %v:\n%s", w, m)
	}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
