package component_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
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

// NewService and NewMounter refuse nil dependencies and nil options with
// coded errors, never a later panic (issue 10).
func TestNewService(t *testing.T) {
	store := memstore.NewComponentStore()
	clock := starmap.FixedClock(t0)
	for name, tc := range map[string]struct {
		store component.Store
		clock starmap.Clock
		opts  []component.Option
		rule  *starmap.Rule
	}{
		"nil_store":           {nil, clock, nil, starmap.ErrServiceDependency},
		"typed_nil_store":     {(*memstore.ComponentStore)(nil), clock, nil, starmap.ErrServiceDependency},
		"nil_clock":           {store, nil, nil, starmap.ErrServiceDependency},
		"typed_nil_clock":     {store, (*starmap.ManualClock)(nil), nil, starmap.ErrServiceDependency},
		"nil_clock_func":      {store, starmap.ClockFunc(nil), nil, starmap.ErrServiceDependency},
		"nil_option":          {store, clock, []component.Option{nil}, starmap.ErrServiceOption},
		"nil_second_option":   {store, clock, []component.Option{component.WithRetry(starmap.Retry{}), nil}, starmap.ErrServiceOption},
		"nil_store_and_clock": {nil, nil, nil, starmap.ErrServiceDependency},
	} {
		t.Run(name, func(t *testing.T) {
			svc, err := component.NewService(tc.store, tc.clock, tc.opts...)
			if svc != nil || !errors.Is(err, tc.rule) || !errors.Is(err, starmap.ErrInvalid) {
				t.Fatalf("NewService = %v, %v; want nil and %s", svc, err, tc.rule.Code())
			}
		})
	}
	if _, err := component.NewService(nil, nil); len(starmap.Codes(err)) != 2 {
		t.Fatalf("a nil store and a nil clock: %v; want both reported", err)
	}
	svc, err := component.NewService(store, clock, component.WithRetry(starmap.Retry{Attempts: 2}))
	if err != nil || svc == nil {
		t.Fatalf("NewService with a retry option = %v, %v", svc, err)
	}
}

func TestNewMounter(t *testing.T) {
	store, dir := memstore.NewComponentStore(), memstore.NewComponentDirectory()
	for name, tc := range map[string]struct {
		store component.Store
		dir   component.Directory
	}{
		"nil_store":           {nil, dir},
		"typed_nil_store":     {(*memstore.ComponentStore)(nil), dir},
		"nil_directory":       {store, nil},
		"typed_nil_directory": {store, (*memstore.ComponentDirectory)(nil)},
	} {
		t.Run(name, func(t *testing.T) {
			m, err := component.NewMounter(tc.store, tc.dir)
			if m != nil || !errors.Is(err, starmap.ErrServiceDependency) {
				t.Fatalf("NewMounter = %v, %v; want nil and ErrServiceDependency", m, err)
			}
		})
	}
	// The Mounter wired into package task keeps task.MountChecker's method
	// set (checked at compile time in mount.go too).
	var _ task.MountChecker = newMounter(t, store, dir)
}

// A Service or Mounter not made by its constructor answers every method
// with ErrServiceNotReady — no panic (issue 10).
func TestZeroServiceNotReady(t *testing.T) {
	ctx := context.Background()
	for name, svc := range map[string]*component.Service{"zero": {}, "nil": nil} {
		calls := map[string]func() error{
			"Create": func() error {
				_, _, err := svc.Create(ctx, adv, component.NewComponent{ID: "cmp-1", Channel: starmap.FormatLive, Content: content(1)})
				return err
			},
			"Edit":     func() error { _, _, err := svc.Edit(ctx, adv, "cmp-1", content(1)); return err },
			"Resubmit": func() error { _, _, err := svc.Resubmit(ctx, adv, "cmp-1"); return err },
			"Approve":  func() error { _, _, err := svc.Approve(ctx, reviewer, "cmp-1"); return err },
			"Reject":   func() error { _, _, err := svc.Reject(ctx, reviewer, "cmp-1", "不清晰"); return err },
			"Get":      func() error { _, err := svc.Get(ctx, adv, "cmp-1"); return err },
			"List": func() error {
				_, err := svc.List(ctx, adv, component.Filter{}, starmap.PageRequest{})
				return err
			},
		}
		for method, call := range calls {
			t.Run(name+"/"+method, func(t *testing.T) {
				if err := call(); !errors.Is(err, starmap.ErrServiceNotReady) {
					t.Fatalf("%s of a %s Service = %v; want ErrServiceNotReady", method, name, err)
				}
			})
		}
	}
	for name, m := range map[string]*component.Mounter{"zero": {}, "nil": nil} {
		t.Run(name+"/CheckMount", func(t *testing.T) {
			got, err := m.CheckMount(ctx, "adv-1", starmap.FormatLive, []string{"cmp-1"})
			if got != nil || !errors.Is(err, starmap.ErrServiceNotReady) {
				t.Fatalf("CheckMount of a %s Mounter = %v, %v; want ErrServiceNotReady", name, got, err)
			}
		})
	}
}

// Every method honours its context: a done context is answered with its
// error and nothing is read or written (issue 11: Create used to write
// with a cancelled context).
func TestServiceContext(t *testing.T) {
	svc, _, store := newService(t)
	ctx := context.Background()
	for _, id := range []string{"cmp-1", "cmp-2"} {
		if _, _, err := svc.Create(ctx, adv, component.NewComponent{ID: id, Channel: starmap.FormatLive, Content: content(1)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := svc.Reject(ctx, reviewer, "cmp-2", "不清晰"); err != nil {
		t.Fatal(err)
	}
	m := newMounter(t, store, memstore.NewComponentDirectory())
	before := libraries(t, store, "adv-1")
	done, cancel := context.WithCancel(ctx)
	cancel()
	expired, stop := context.WithDeadline(ctx, t0)
	defer stop()
	var none context.Context
	for name, c := range map[string]context.Context{"cancelled": done, "deadline": expired, "nil": none} {
		want := func() error { return starmap.ErrContextMissing }
		if c != nil {
			want = c.Err
		}
		calls := map[string]func() error{
			"Create": func() error {
				_, _, err := svc.Create(c, adv, component.NewComponent{ID: "cmp-3", Channel: starmap.FormatLive, Content: content(1)})
				return err
			},
			"Edit":     func() error { _, _, err := svc.Edit(c, adv, "cmp-2", content(2)); return err },
			"Resubmit": func() error { _, _, err := svc.Resubmit(c, adv, "cmp-2"); return err },
			"Approve":  func() error { _, _, err := svc.Approve(c, reviewer, "cmp-1"); return err },
			"Reject":   func() error { _, _, err := svc.Reject(c, reviewer, "cmp-1", "不清晰"); return err },
			"Get":      func() error { _, err := svc.Get(c, adv, "cmp-1"); return err },
			"List": func() error {
				_, err := svc.List(c, adv, component.Filter{}, starmap.PageRequest{})
				return err
			},
			"CheckMount": func() error { _, err := m.CheckMount(c, "adv-1", starmap.FormatLive, []string{"cmp-1"}); return err },
		}
		for method, call := range calls {
			t.Run(name+"/"+method, func(t *testing.T) {
				if err := call(); !errors.Is(err, want()) {
					t.Fatalf("%s with a %s context = %v; want %v", method, name, err, want())
				}
			})
		}
	}
	if d := cmp.Diff(before, libraries(t, store, "adv-1"), cmpOpts); d != "" {
		t.Fatalf("calls with a done context changed the store:\n%s", d)
	}
	if _, err := store.Get(ctx, "cmp-3"); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("Create with a done context stored the component: %v", err)
	}
}

// cancelOnConflict cancels the operation's context when its write meets a
// conflict: the cycle must stop before the next attempt.
type cancelOnConflict struct {
	component.Store
	cancel  context.CancelFunc
	updates atomic.Int32
}

func (s *cancelOnConflict) Update(ctx context.Context, r component.Record) (uint64, error) {
	s.updates.Add(1)
	s.cancel()
	return 0, starmap.ErrVersionConflict.New(starmap.Arg("what", "component"), starmap.Arg("id", r.ID), starmap.Arg("expected", r.Version))
}

func TestServiceContextCancelledBetweenAttempts(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	inner := memstore.NewComponentStore()
	store := &cancelOnConflict{Store: inner, cancel: cancel}
	svc, err := component.NewService(store, starmap.FixedClock(t0))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Create(context.Background(), adv, component.NewComponent{ID: "cmp-1", Channel: starmap.FormatLive, Content: content(1)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Approve(ctx, reviewer, "cmp-1"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Approve cancelled after a conflict = %v; want context.Canceled", err)
	}
	if n := store.updates.Load(); n != 1 {
		t.Fatalf("%d writes tried; want 1 (no attempt after the cancellation)", n)
	}
}

// alwaysConflict fails every Update with a version conflict.
type alwaysConflict struct {
	component.Store
	updates atomic.Int32
}

func (s *alwaysConflict) Update(_ context.Context, r component.Record) (uint64, error) {
	s.updates.Add(1)
	return 0, starmap.ErrVersionConflict.New(starmap.Arg("what", "component"), starmap.Arg("id", r.ID), starmap.Arg("expected", r.Version))
}

// WithRetry sets the attempts and the conflict hook; the default is
// starmap.DefaultAttempts; a rule refusal is never retried.
func TestServiceRetryOption(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		retry      *starmap.Retry
		want, hook int
	}{
		{nil, starmap.DefaultAttempts, 0},
		{&starmap.Retry{Attempts: 1}, 1, 0},
		{&starmap.Retry{Attempts: 3}, 3, 2},
		{&starmap.Retry{Attempts: -4}, starmap.DefaultAttempts, starmap.DefaultAttempts - 1},
	} {
		store := &alwaysConflict{Store: memstore.NewComponentStore()}
		var opts []component.Option
		hooked := 0
		if tc.retry != nil {
			r := *tc.retry
			r.OnConflict = func(int, error) { hooked++ }
			opts = append(opts, component.WithRetry(r))
		}
		svc, err := component.NewService(store, starmap.FixedClock(t0), opts...)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Create(ctx, adv, component.NewComponent{ID: "cmp-1", Channel: starmap.FormatLive, Content: content(1)}); err != nil {
			t.Fatal(err)
		}
		_, _, err = svc.Approve(ctx, reviewer, "cmp-1")
		if !errors.Is(err, starmap.ErrVersionConflict) {
			t.Fatalf("retry %+v: Approve = %v; want the last conflict", tc.retry, err)
		}
		if n := int(store.updates.Load()); n != tc.want || hooked != tc.hook {
			t.Fatalf("retry %+v: %d attempts, hook called %d times; want %d and %d", tc.retry, n, hooked, tc.want, tc.hook)
		}
		// A refusal is decided once, never retried.
		store.updates.Store(0)
		if _, _, err := svc.Resubmit(ctx, adv, "cmp-1"); !errors.Is(err, component.ErrResubmitNotRejected) || store.updates.Load() != 0 {
			t.Fatalf("a refused resubmit: %v after %d writes", err, store.updates.Load())
		}
	}
}

// createRace is a store whose Get never sees the record another writer
// creates first: Create must still answer ErrIDTaken.
type createRace struct{ component.Store }

func (s createRace) Get(context.Context, string) (component.Record, error) {
	return component.Record{}, starmap.ErrRecordNotFound.New(starmap.Arg("what", "component"), starmap.Arg("id", "?"))
}

func TestServiceCreateRace(t *testing.T) {
	ctx := context.Background()
	inner := memstore.NewComponentStore()
	first, err := component.NewService(inner, starmap.FixedClock(t0))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := first.Create(ctx, adv, component.NewComponent{ID: "cmp-1", Channel: starmap.FormatLive, Content: content(1)}); err != nil {
		t.Fatal(err)
	}
	late, err := component.NewService(createRace{inner}, starmap.FixedClock(t0))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = late.Create(ctx, other, component.NewComponent{ID: "cmp-1", Channel: starmap.FormatShortVideo, Content: content(2)})
	if !errors.Is(err, component.ErrIDTaken) || !errors.Is(err, starmap.ErrConflict) {
		t.Fatalf("Create that lost the race = %v; want ErrIDTaken", err)
	}
	got, _ := inner.Get(ctx, "cmp-1")
	if got.Owner != "adv-1" || got.Version != 1 {
		t.Fatalf("the losing Create changed the winner's record: %+v", got)
	}
}

// List follows the one paging rule: 0 is the default, a negative limit and
// a bad cursor are refused, a filter of nothing that exists is refused,
// and the cursor is a keyset position (issue 10).
func TestServiceListPaging(t *testing.T) {
	ctx := context.Background()
	svc, clock, _ := newService(t)
	n := starmap.DefaultPageLimit + 3
	for i := 0; i < n; i++ {
		clock.Advance(time.Second)
		if _, _, err := svc.Create(ctx, adv, component.NewComponent{ID: fmt.Sprintf("c-%02d", i), Channel: starmap.FormatLive, Content: content(i)}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := svc.List(ctx, sub, component.Filter{}, starmap.PageRequest{})
	if err != nil || len(p.Items) != starmap.DefaultPageLimit || p.Next == "" {
		t.Fatalf("limit 0: %d items, next %q, %v; want %d and a cursor", len(p.Items), p.Next, err, starmap.DefaultPageLimit)
	}
	// A component created before the cursor does not shift the next page.
	clock.Set(t0)
	if _, _, err := svc.Create(ctx, adv, component.NewComponent{ID: "c-early", Channel: starmap.FormatLive, Content: content(99)}); err != nil {
		t.Fatal(err)
	}
	rest, err := svc.List(ctx, sub, component.Filter{}, starmap.PageRequest{Cursor: p.Next})
	if err != nil || len(rest.Items) != 3 || rest.Items[0].ID() != fmt.Sprintf("c-%02d", starmap.DefaultPageLimit) || rest.Next != "" {
		t.Fatalf("second page: %d items, next %q, %v", len(rest.Items), rest.Next, err)
	}
	if _, err := svc.List(ctx, adv, component.Filter{}, starmap.PageRequest{Limit: -1}); !errors.Is(err, starmap.ErrPageLimit) {
		t.Fatalf("limit -1: %v", err)
	}
	if _, err := svc.List(ctx, adv, component.Filter{}, starmap.PageRequest{Cursor: "nope"}); !errors.Is(err, starmap.ErrCursorInvalid) {
		t.Fatalf("bad cursor: %v", err)
	}
	_, err = svc.List(ctx, adv, component.Filter{State: 7, Channel: 9}, starmap.PageRequest{Limit: -2})
	if countCode(err, "component.list.filter_invalid") != 2 || !errors.Is(err, starmap.ErrPageLimit) {
		t.Fatalf("bad state, channel and limit: %v; want all three reported", err)
	}
}
