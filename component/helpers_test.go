package component_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/component/componenttest"
)

var (
	t0       = time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST)
	adv      = starmap.AdvertiserActor("adv-1")
	sub      = starmap.SubAccountActor("adv-1", "sub-7")
	other    = starmap.AdvertiserActor("adv-2")
	reviewer = starmap.PlatformActor("reviewer-17")
	creator  = starmap.CreatorActor("star-3")
)

// content returns valid content (see componenttest.Content).
func content(n int) component.Content { return componenttest.Content(n) }

// mustNew creates a component of adv in review.
func mustNew(t testing.TB, id string, ch starmap.Format) *component.Component {
	t.Helper()
	c, _, err := component.New(id, adv, ch, content(1), t0)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// inState brings a fresh component of adv to state s.
func inState(t testing.TB, id string, ch starmap.Format, s component.State) *component.Component {
	t.Helper()
	c := mustNew(t, id, ch)
	var err error
	switch s {
	case component.StateValid:
		_, err = c.Approve(reviewer, t0.Add(time.Hour))
	case component.StateRejected:
		_, err = c.Reject(reviewer, "图标模糊", t0.Add(time.Hour))
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantCodes fails unless err's codes are exactly want, in any order.
func wantCodes(t testing.TB, err error, want ...starmap.Code) {
	t.Helper()
	got := starmap.Codes(err)
	g := slices.Clone(got)
	w := slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Fatalf("codes = %v; want %v (err: %v)", got, want, err)
	}
}

func runes(n int, r rune) string { return strings.Repeat(string(r), n) }

// ruleErr returns the first *starmap.Error inside err.
func ruleErr(t testing.TB, err error) *starmap.Error {
	t.Helper()
	var e *starmap.Error
	if !errors.As(err, &e) {
		t.Fatalf("no rule error in %v", err)
	}
	return e
}
