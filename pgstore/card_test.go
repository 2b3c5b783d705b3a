package pgstore

import (
	"context"
	"errors"
	"testing"

	"github.com/starmap-go/starmap"

	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/card/cardtest"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/onboarding"
)

func TestCardStore_kit(t *testing.T) {
	databaseURL(t) // skip (or fail under CI) here, not in a subtest the kit runs
	cardtest.TestStore(t, func() card.Store {
		s, err := NewCardStore(freshPool(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestCardStore_plans(t *testing.T) {
	pool := freshPool(t)
	traced, rec := tracedPool(t, pool)
	s, err := NewCardStore(traced)
	if err != nil {
		t.Fatal(err)
	}
	list := func(q card.Query) func(context.Context) error {
		return func(ctx context.Context) error { _, err := s.List(ctx, q); return err }
	}
	checkPlans(t, pool, rec, []explainCase{
		{"List, first page", list(card.Query{}), "cards_pkey", true},
		{"List after a cursor", list(card.Query{PageRequest: starmap.PageRequest{Cursor: starmap.EncodeCursor("c1")}}), "cards_pkey", true},
	})
}

// TestStores_unstorableCursorsRefused: a forged cursor naming an id the
// server cannot hold as text (NUL, invalid UTF-8) is ErrCursorInvalid,
// never the server's encoding error.
func TestStores_unstorableCursorsRefused(t *testing.T) {
	pool := freshPool(t)
	ctx := context.Background()
	cards, _ := NewCardStore(pool)
	onb, _ := NewOnboardingStore(pool)
	comps, _ := NewComponentStore(pool)
	for _, id := range []string{"a\x00b", "a\xffb"} {
		one := starmap.PageRequest{Cursor: starmap.EncodeCursor(id)}
		three := starmap.PageRequest{Cursor: starmap.EncodeCursor("1", "0", id)}
		for name, err := range map[string]error{
			"card List":                    second(cards.List(ctx, card.Query{PageRequest: one})),
			"onboarding ListCancellations": second(onb.ListCancellations(ctx, onboarding.CancellationQuery{Page: one})),
			"onboarding ListApplications":  second(onb.ListApplications(ctx, onboarding.ApplicationQuery{Page: three})),
			"component List":               second(comps.List(ctx, component.Query{Owner: "adv-1", PageRequest: three})),
		} {
			if !errors.Is(err, starmap.ErrCursorInvalid) {
				t.Errorf("%s after %q: %v, want ErrCursorInvalid", name, id, err)
			}
		}
	}
}
