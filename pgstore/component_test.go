package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/starmap-go/starmap"

	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/component/componenttest"
)

func TestComponentStore_kit(t *testing.T) {
	databaseURL(t) // skip (or fail under CI) here, not in a subtest the kit runs
	componenttest.TestStore(t, func() component.Store {
		s, err := NewComponentStore(freshPool(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestComponentStore_plans(t *testing.T) {
	pool := freshPool(t)
	traced, rec := tracedPool(t, pool)
	s, err := NewComponentStore(traced)
	if err != nil {
		t.Fatal(err)
	}
	list := func(q component.Query) func(context.Context) error {
		return func(ctx context.Context) error { _, err := s.List(ctx, q); return err }
	}
	after := starmap.PageRequest{Cursor: instantCursorOf(time.Date(2026, 3, 2, 10, 0, 0, 1, time.UTC), "cmp-1")}
	checkPlans(t, pool, rec, []explainCase{
		{"List of an owner", list(component.Query{Owner: "adv-1"}), "components_owner", true},
		{"List of an owner after a cursor", list(component.Query{Owner: "adv-1", PageRequest: after}), "components_owner", true},
		{"List of an owner, a channel", list(component.Query{Owner: "adv-1", Filter: component.Filter{Channel: starmap.FormatLive}}),
			"components_owner|components_owner_state_channel", false},
		{"List of an owner, a state and a channel (the order form)",
			list(component.Query{Owner: "adv-1", Filter: component.Filter{State: component.StateValid, Channel: starmap.FormatLive}, PageRequest: after}),
			"components_owner_state_channel", true},
		{"List of an owner, a state", list(component.Query{Owner: "adv-1", Filter: component.Filter{State: component.StateValid}}),
			"components_owner|components_owner_state_channel", false},
	})
}
