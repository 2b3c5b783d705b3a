package component_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
)

// TestReviewMachine drives a component with random commands from random
// actors and checks it against a model of CMP-2: who may do what in which
// state, what the state becomes, and that a refused command changes nothing.
func TestReviewMachine(t *testing.T) {
	actors := []starmap.Actor{adv, sub, other, reviewer, creator, starmap.SubAccountActor("adv-2", "s")}
	rapid.Check(t, func(t *rapid.T) {
		c, _, err := component.New(adv, t0, "cmp-1", starmap.FormatShortVideo, content(0))
		if err != nil {
			t.Fatal(err)
		}
		state, cont, reason, entries := component.StateInReview, content(0), "", 1
		now := t0
		isOwner := func(a starmap.Actor) bool { return a.IsAdvertiser() && a.Advertiser() == "adv-1" }

		t.Repeat(map[string]func(*rapid.T){
			"approve": func(t *rapid.T) {
				a := rapid.SampledFrom(actors).Draw(t, "actor")
				now = now.Add(time.Minute)
				before := c.Record()
				_, err := c.Approve(a, now)
				ok := a.Role() == starmap.RolePlatform && state == component.StateInReview
				check(t, ok, err, before, c)
				if ok {
					state, entries = component.StateValid, entries+1
				}
			},
			"reject": func(t *rapid.T) {
				a := rapid.SampledFrom(actors).Draw(t, "actor")
				r := rapid.SampledFrom([]string{"", " ", "图标不清晰"}).Draw(t, "reason")
				now = now.Add(time.Minute)
				before := c.Record()
				_, err := c.Reject(a, now, r)
				ok := a.Role() == starmap.RolePlatform && state == component.StateInReview && r == "图标不清晰"
				check(t, ok, err, before, c)
				if ok {
					state, reason, entries = component.StateRejected, r, entries+1
				}
			},
			"edit": func(t *rapid.T) {
				a := rapid.SampledFrom(actors).Draw(t, "actor")
				n := rapid.IntRange(0, 3).Draw(t, "content")
				valid := rapid.Bool().Draw(t, "valid")
				nc := content(n)
				if !valid {
					nc.Title = ""
				}
				now = now.Add(time.Minute)
				before := c.Record()
				_, err := c.Edit(a, now, nc)
				ok := isOwner(a) && state == component.StateRejected && valid
				check(t, ok, err, before, c)
				if ok {
					cont, entries = nc, entries+1
				}
			},
			"resubmit": func(t *rapid.T) {
				a := rapid.SampledFrom(actors).Draw(t, "actor")
				now = now.Add(time.Minute)
				before := c.Record()
				_, err := c.Resubmit(a, now)
				ok := isOwner(a) && state == component.StateRejected
				check(t, ok, err, before, c)
				if ok {
					state, reason, entries = component.StateInReview, "", entries+1
				}
			},
			"": func(t *rapid.T) {
				if c.State() != state || c.Content() != cont || c.Reason() != reason || len(c.History()) != entries {
					t.Fatalf("component %v %+v %q %d; model %v %+v %q %d",
						c.State(), c.Content(), c.Reason(), len(c.History()), state, cont, reason, entries)
				}
				if c.Channel() != starmap.FormatShortVideo || c.Owner() != "adv-1" {
					t.Fatal("channel or owner changed")
				}
				// The stored form always rehydrates to the same component.
				back, err := component.FromRecord(c.Record())
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(c.Record(), back.Record(), cmpOpts); d != "" {
					t.Fatal(d)
				}
			},
		})
	})
}

func check(t *rapid.T, ok bool, err error, before component.Record, c *component.Component) {
	t.Helper()
	if ok != (err == nil) {
		t.Fatalf("allowed by the model: %v; got %v", ok, err)
	}
	if err != nil {
		if len(starmap.Codes(err)) == 0 {
			t.Fatalf("refusal without a code: %v", err)
		}
		if d := cmp.Diff(before, c.Record(), cmpOpts); d != "" {
			t.Fatalf("refused command changed the component:\n%s", d)
		}
	}
}
