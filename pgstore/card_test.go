package pgstore

import (
	"context"
	"testing"

	"github.com/starmap-go/starmap"

	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/card/cardtest"
)

func TestCardStore_kit(t *testing.T) {
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
