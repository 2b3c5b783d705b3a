package component_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/memstore"
)

func TestServiceLifecycle(t *testing.T) {
	ctx := context.Background()
	svc, clock, store := newService(t)

	c, evs, err := svc.Create(ctx, sub, component.NewComponent{ID: "cmp-1", Channel: starmap.FormatLive, Content: content(1)})
	if err != nil {
		t.Fatal(err)
	}
	if c.Version() != 1 || c.Owner() != "adv-1" || len(evs) != 1 || evs[0].Type != "component.created" || !evs[0].At.Equal(t0) {
		t.Fatalf("Create: version %d owner %q events %+v", c.Version(), c.Owner(), evs)
	}
	t.Run("CMP-1_id_taken_is_a_conflict", func(t *testing.T) {
		_, _, err := svc.Create(ctx, adv, component.NewComponent{ID: "cmp-1", Channel: starmap.FormatShortVideo, Content: content(2)})
		if !errors.Is(err, component.ErrIDTaken) || !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("CMP-1_bad_input_stores_nothing", func(t *testing.T) {
		_, _, err := svc.Create(ctx, adv, component.NewComponent{ID: "cmp-2", Channel: starmap.FormatLive, Content: component.Content{}})
		if !errors.Is(err, starmap.ErrInvalid) {
			t.Fatalf("got %v", err)
		}
		if _, err := store.Get(ctx, "cmp-2"); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("a refused Create stored something: %v", err)
		}
	})

	clock.Advance(time.Hour)
	t.Run("CMP-2_only_platform_reviews", func(t *testing.T) {
		if _, _, err := svc.Approve(ctx, adv, "cmp-1"); !errors.Is(err, starmap.ErrActorRole) {
			t.Fatalf("got %v", err)
		}
	})
	c, evs, err = svc.Reject(ctx, reviewer, "cmp-1", "图标不清晰")
	if err != nil {
		t.Fatal(err)
	}
	if c.State() != component.StateRejected || c.Reason() != "图标不清晰" || c.Version() != 2 || evs[0].Note != "图标不清晰" || !evs[0].At.Equal(t0.Add(time.Hour)) {
		t.Fatalf("Reject: %v %q v%d %+v", c.State(), c.Reason(), c.Version(), evs)
	}

	clock.Advance(time.Hour)
	t.Run("CMP-2_someone_else_cannot_edit", func(t *testing.T) {
		_, _, err := svc.Edit(ctx, other, "cmp-1", content(3))
		if !errors.Is(err, component.ErrUnknown) || !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("got %v", err)
		}
		// Exactly what an advertiser gets for an id that exists nowhere.
		fresh, _, _ := newService(t)
		_, _, unknown := fresh.Edit(ctx, other, "cmp-1", content(3))
		sameAnswer(t, err, unknown)
		_, _, err = svc.Resubmit(ctx, starmap.SubAccountActor("adv-2", "sub-1"), "cmp-1")
		_, _, unknown = fresh.Resubmit(ctx, starmap.SubAccountActor("adv-2", "sub-1"), "cmp-1")
		sameAnswer(t, err, unknown)
	})
	if c, _, err = svc.Edit(ctx, adv, "cmp-1", content(3)); err != nil || c.Content() != content(3) || c.State() != component.StateRejected {
		t.Fatalf("Edit: %v", err)
	}
	if c, _, err = svc.Resubmit(ctx, sub, "cmp-1"); err != nil || c.State() != component.StateInReview {
		t.Fatalf("Resubmit: %v", err)
	}
	if c, _, err = svc.Approve(ctx, reviewer, "cmp-1"); err != nil || c.State() != component.StateValid || c.Version() != 5 {
		t.Fatalf("Approve: %v", err)
	}
	t.Run("CMP-2_valid_component_is_locked", func(t *testing.T) {
		if _, _, err := svc.Edit(ctx, adv, "cmp-1", content(4)); !errors.Is(err, component.ErrEditNotRejected) {
			t.Fatalf("got %v", err)
		}
		got, _ := store.Get(ctx, "cmp-1")
		if got.Version != 5 || got.Content != content(3) {
			t.Fatalf("a refused edit changed the store: v%d", got.Version)
		}
	})
	t.Run("CMP-2_history_kept_in_the_store", func(t *testing.T) {
		got, err := svc.Get(ctx, reviewer, "cmp-1")
		if err != nil {
			t.Fatal(err)
		}
		var actions []component.Action
		for _, h := range got.History() {
			actions = append(actions, h.Action)
		}
		want := []component.Action{component.ActionCreate, component.ActionReject, component.ActionEdit, component.ActionResubmit, component.ActionApprove}
		if len(actions) != len(want) {
			t.Fatalf("history actions = %v; want %v", actions, want)
		}
		for i := range want {
			if actions[i] != want[i] {
				t.Fatalf("history actions = %v; want %v", actions, want)
			}
		}
	})
	t.Run("CMP-1_get_is_for_the_owner_and_the_platform", func(t *testing.T) {
		if _, err := svc.Get(ctx, sub, "cmp-1"); err != nil {
			t.Fatal(err)
		}
		// Someone else's component answers exactly like an id that does
		// not exist: its existence does not leak.
		_, err := svc.Get(ctx, other, "cmp-1")
		if !errors.Is(err, component.ErrUnknown) {
			t.Fatalf("got %v", err)
		}
		fresh, _, _ := newService(t)
		_, unknown := fresh.Get(ctx, other, "cmp-1")
		sameAnswer(t, err, unknown)
		if _, err := svc.Get(ctx, creator, "cmp-1"); !errors.Is(err, starmap.ErrActorRole) {
			t.Fatalf("got %v", err)
		}
		if _, err := svc.Get(ctx, adv, "nope"); !errors.Is(err, component.ErrUnknown) || !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("got %v", err)
		}
		if _, err := svc.Get(ctx, adv, ""); !errors.Is(err, starmap.ErrIDInvalid) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("CMP-2_unknown_component", func(t *testing.T) {
		if _, _, err := svc.Approve(ctx, reviewer, "nope"); !errors.Is(err, component.ErrUnknown) || !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("got %v", err)
		}
	})
}

func TestServiceList(t *testing.T) {
	ctx := context.Background()
	svc, clock, _ := newService(t)
	mk := func(a starmap.Actor, id string, ch starmap.Format) {
		t.Helper()
		clock.Advance(time.Minute)
		if _, _, err := svc.Create(ctx, a, component.NewComponent{ID: id, Channel: ch, Content: content(len(id))}); err != nil {
			t.Fatal(err)
		}
	}
	mk(adv, "a1", starmap.FormatShortVideo)
	mk(sub, "a2", starmap.FormatLive)
	mk(other, "b1", starmap.FormatShortVideo)
	mk(adv, "a3", starmap.FormatShortVideo)
	if _, _, err := svc.Approve(ctx, reviewer, "a3"); err != nil {
		t.Fatal(err)
	}
	ids := func(p starmap.Page[*component.Component]) (out []string) {
		for _, c := range p.Items {
			out = append(out, c.ID())
		}
		return out
	}
	p, err := svc.List(ctx, sub, component.Filter{}, starmap.PageRequest{Limit: 2})
	if err != nil || len(p.Items) != 2 || p.Next == "" || ids(p)[0] != "a1" || ids(p)[1] != "a2" {
		t.Fatalf("page 1 = %v next %q, %v", ids(p), p.Next, err)
	}
	p, err = svc.List(ctx, sub, component.Filter{}, starmap.PageRequest{Limit: 2, Cursor: p.Next})
	if err != nil || len(p.Items) != 1 || ids(p)[0] != "a3" || p.Next != "" {
		t.Fatalf("page 2 = %v next %q, %v", ids(p), p.Next, err)
	}
	// What the order form offers for a short-video task: valid short-video components.
	p, err = svc.List(ctx, adv, component.Filter{State: component.StateValid, Channel: starmap.FormatShortVideo}, starmap.PageRequest{})
	if err != nil || len(p.Items) != 1 || ids(p)[0] != "a3" {
		t.Fatalf("filtered = %v, %v", ids(p), err)
	}
	if _, err := svc.List(ctx, reviewer, component.Filter{}, starmap.PageRequest{}); !errors.Is(err, starmap.ErrActorRole) {
		t.Fatalf("platform has no library: %v", err)
	}
}

// conflictOnce makes the first Update fail with a version conflict after
// another writer changed nothing visible: the service must reload and retry.
type conflictOnce struct {
	component.Store
	fired atomic.Bool
}

func (s *conflictOnce) Update(ctx context.Context, r component.Record) (uint64, error) {
	if s.fired.CompareAndSwap(false, true) {
		return 0, starmap.ErrVersionConflict.New(starmap.Arg("what", "component"), starmap.Arg("id", r.ID), starmap.Arg("expected", r.Version))
	}
	return s.Store.Update(ctx, r)
}

func TestServiceRetriesOnConflict(t *testing.T) {
	ctx := context.Background()
	store := &conflictOnce{Store: memstore.NewComponentStore()}
	svc, err := component.NewService(store, starmap.FixedClock(t0))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Create(ctx, adv, component.NewComponent{ID: "cmp-1", Channel: starmap.FormatShortVideo, Content: content(1)}); err != nil {
		t.Fatal(err)
	}
	c, _, err := svc.Approve(ctx, reviewer, "cmp-1")
	if err != nil || c.State() != component.StateValid || c.Version() != 2 || !store.fired.Load() {
		t.Fatalf("Approve after one conflict: %v", err)
	}
}

func TestServiceConcurrentReview(t *testing.T) {
	// Two reviewers decide at once: exactly one decision lands.
	ctx := context.Background()
	svc, _, store := newService(t)
	if _, _, err := svc.Create(ctx, adv, component.NewComponent{ID: "cmp-1", Channel: starmap.FormatShortVideo, Content: content(1)}); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 2)
	go func() { _, _, err := svc.Approve(ctx, reviewer, "cmp-1"); errs <- err }()
	go func() {
		_, _, err := svc.Reject(ctx, starmap.PlatformActor("reviewer-2"), "cmp-1", "不清晰")
		errs <- err
	}()
	e1, e2 := <-errs, <-errs
	if (e1 == nil) == (e2 == nil) {
		t.Fatalf("both or neither decision landed: %v, %v", e1, e2)
	}
	loser := e1
	if loser == nil {
		loser = e2
	}
	if !errors.Is(loser, component.ErrReviewNotInReview) {
		t.Fatalf("losing reviewer got %v; want ErrReviewNotInReview", loser)
	}
	got, _ := store.Get(ctx, "cmp-1")
	if got.Version != 2 || len(got.History) != 2 {
		t.Fatalf("after two concurrent reviews: v%d, %d history entries", got.Version, len(got.History))
	}
}
