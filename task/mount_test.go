package task_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

func TestServiceOrderMounting(t *testing.T) {
	ctx := context.Background()
	fc := &fakeChecker{known: map[string]starmap.Format{"cmp-live": starmap.FormatLive, "cmp-video": starmap.FormatShortVideo}}
	s, store := newService(t, starmap.FixedClock(t0), task.WithMountChecker(fc))

	t.Run("CMP-3_all_mountable_stored_with_snapshots", func(t *testing.T) {
		o := order(starmap.FormatLive, false)
		o.ID, o.Components = "t-ok", []string{"cmp-live"}
		out, err := s.Order(ctx, subAccount, o)
		if err != nil {
			t.Fatal(err)
		}
		if evs := out.Events; len(evs) != 1 || evs[0].Type != "task.ordered" || out.Task.Version() != 1 {
			t.Errorf("events %+v version %d", evs, out.Task.Version())
		}
		got, err := s.Get(ctx, subAccount, "t-ok")
		if err != nil {
			t.Fatal(err)
		}
		if c := got.Components(); len(c) != 1 || c[0].ID != "cmp-live" || c[0].AppID != "tt-adv-1" {
			t.Errorf("CMP-4 components %+v", c)
		}
	})
	t.Run("CMP-3_one_refused_refuses_whole_order", func(t *testing.T) {
		o := order(starmap.FormatLive, false)
		o.ID, o.Components = "t-bad", []string{"cmp-live", "cmp-video"}
		_, err := s.Order(ctx, advertiser, o)
		if !errors.Is(err, task.ErrMountRefused) || !errors.Is(err, errUnmountable) {
			t.Fatalf("err %v", err)
		}
		if _, err := store.Get(ctx, "t-bad"); !errors.Is(err, starmap.ErrNotFound) {
			t.Errorf("a refused order was stored: %v", err)
		}
	})
	t.Run("CMP-3_bad_order_never_asks_the_checker", func(t *testing.T) {
		before := fc.calls
		o := order(starmap.FormatLive, false)
		o.ID, o.Components, o.Price = "t-price", []string{"cmp-live"}, dec("0")
		if _, err := s.Order(ctx, advertiser, o); !errors.Is(err, task.ErrPriceInvalid) {
			t.Fatalf("err %v", err)
		}
		if fc.calls != before {
			t.Error("the checker was asked about an invalid order")
		}
	})
	t.Run("CMP-3_no_checker_configured", func(t *testing.T) {
		s2, store2 := newService(t, starmap.FixedClock(t0))
		o := order(starmap.FormatShortVideo, false)
		o.Components = []string{"cmp-video"}
		if _, err := s2.Order(ctx, advertiser, o); !errors.Is(err, task.ErrMountCheckerMissing) {
			t.Fatalf("err %v", err)
		}
		if recs := listAll(t, store2); len(recs) != 0 {
			t.Error("stored despite the refusal")
		}
		o.Components = nil
		if _, err := s2.Order(ctx, advertiser, o); err != nil {
			t.Errorf("no components need no checker: %v", err)
		}
	})
	t.Run("X-8_duplicate_id_conflict", func(t *testing.T) {
		o := order(starmap.FormatLive, false)
		o.ID, o.Components = "t-ok", []string{"cmp-live"}
		if _, err := s.Order(ctx, advertiser, o); !errors.Is(err, starmap.ErrConflict) {
			t.Errorf("err %v", err)
		}
	})
}

// TestMountCheckerFailure (CMP-3): a checker that cannot answer is not a
// refusal of the order; its error comes back unchanged in kind.
func TestMountCheckerFailure(t *testing.T) {
	ctx := context.Background()
	o := order(starmap.FormatShortVideo, false)
	o.Components = []string{"cmp-1"}
	s, store := newService(t, starmap.FixedClock(t0), task.WithMountChecker(failingChecker{context.DeadlineExceeded}))
	_, err := s.Order(ctx, advertiser, o)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, task.ErrMountRefused) || errors.Is(err, starmap.ErrInvalid) {
		t.Errorf("CMP-3 checker timeout: %v; want DeadlineExceeded, not ErrMountRefused/ErrInvalid", err)
	}
	refusal := errors.Join(errUnmountable.New(starmap.Arg("id", "cmp-1")))
	s2, _ := newService(t, starmap.FixedClock(t0), task.WithMountChecker(failingChecker{fmt.Errorf("wrapped: %w", refusal)}))
	if _, err := s2.Order(ctx, advertiser, o); !errors.Is(err, task.ErrMountRefused) || !errors.Is(err, errUnmountable) {
		t.Errorf("CMP-3 rule refusal: %v", err)
	}
	if recs := listAll(t, store); len(recs) != 0 {
		t.Errorf("stored despite the failure")
	}
}
