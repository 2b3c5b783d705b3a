package authz

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/internal/kit"
)

// d parses a date literal of a test.
func d(s string) starmap.Date {
	v, err := starmap.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// at is an instant on day s, 10:30 CST.
func at(s string) time.Time { return d(s).StartOfDay().Add(10*time.Hour + 30*time.Minute) }

var (
	creator  = starmap.CreatorActor("c1")
	shop     = MerchantParty("m1")
	mcn      = AgencyParty("a1")
	mainAcct = starmap.AdvertiserActor("m1")
	subAcct  = starmap.SubAccountActor("m1", "m1-sub")
	mcnAcct  = starmap.MCNActor("a1")
)

// granted is c1's grant to m1 for start..end, made on day on.
func granted(t *testing.T, on, start, end string) Grant {
	t.Helper()
	g, _, err := NewGrant(creator, at(on), shop, d(start), d(end), "")
	if err != nil {
		t.Fatalf("NewGrant(%s, %s..%s): %v", on, start, end, err)
	}
	return g
}

// mustDo fails t if an operation that must succeed was refused; call it
// as mustDo(t)(g.Revoke(…)).
func mustDo(t *testing.T) func(starmap.Event, error) {
	t.Helper()
	return func(_ starmap.Event, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("operation refused: %v", err)
		}
	}
}

// liveGranted is a live-session request by by for the creator's session,
// confirmed and granted.
func liveGranted(t *testing.T, by starmap.Actor, creatorID, session string) LiveRequest {
	t.Helper()
	r, _, err := NewLiveRequest(by, at("2026-03-01"), creatorID, session)
	if err == nil {
		_, err = r.Confirm(by, at("2026-03-01"))
	}
	if err == nil {
		_, err = r.Grant(starmap.CreatorActor(creatorID), at("2026-03-02"), "")
	}
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// wantCodes checks that err carries exactly the codes given (any order);
// none means err must be nil.
func wantCodes(t *testing.T, err error, rules ...*starmap.Rule) {
	t.Helper()
	if len(rules) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want %d rule(s) broken", len(rules))
	}
	assertZH(t, err)
	got := starmap.Codes(err)
	want := make([]starmap.Code, len(rules))
	for i, r := range rules {
		want[i] = r.Code()
		if !errors.Is(err, r) {
			t.Errorf("errors.Is(err, %s) = false; err: %v", r.Code(), err)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("codes %v, want %v (err: %v)", got, want, err)
	}
}

// periods renders a grant's periods for comparison: "s..e s..e".
func periods(g Grant) []string {
	var out []string
	for _, p := range g.Periods() {
		out = append(out, p.String())
	}
	return out
}

// statusRun checks the grant's status on every day from..to.
func statusRun(t *testing.T, g Grant, from, to string, want Status) {
	t.Helper()
	for day := d(from); !day.After(d(to)); day = day.AddDays(1) {
		if got := g.Status(day); got != want {
			t.Fatalf("Status(%s) = %v, want %v (periods %v)", day, got, want, periods(g))
		}
	}
}

// testIDs are the ids the tests use that hold Latin letters; a zh-CN
// message may show them, and nothing else in Latin script of 3+ letters —
// but for MCN, which the platform's Chinese itself uses (MCN机构, the root
// role label).
var testIDs = []string{"m1-sub", "ops-1", "live-7", "MCN机构",
	// the root's not-ready message names the constructor to call
	"NewService"}

// assertZH renders err in zh-CN (every rule error inside it, causes
// included) and fails if a Latin word of three or more letters shows,
// other than the test's own ids (X-5: no English in Chinese messages).
func assertZH(t *testing.T, err error) {
	t.Helper()
	m := starmap.Message(err, starmap.ZH)
	if w := kit.EnglishWords(m, testIDs...); len(w) > 0 {
		t.Errorf("zh-CN message holds the English words %q: %s", w, m)
	}
}
