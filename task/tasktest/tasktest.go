// Package tasktest is the conformance kit for task.Store implementations,
// like testing/fstest beside io/fs: a host's store test calls TestStore
// with a constructor of empty stores, and the kit checks the contract of
// the root package and of task.Store: round trip, not found, already
// exists, stale version conflict, concurrent compare-and-swap (exactly one
// of N writers wins), list filtering, ordering and paging, and no aliasing
// between callers and the store.
package tasktest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// Now is the instant the kit's records are ordered at.
var Now = time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST)

// NewRecord builds a valid record of a pending short-video task id ordered
// by advertiser from creator, with one history entry and the freeze
// posting; it fails the test on error.
func NewRecord(t testing.TB, id, advertiser, creator string) task.Record {
	t.Helper()
	o := task.Order{ID: id, Creator: creator, Format: starmap.FormatShortVideo,
		Price: decimal.NewFromInt(800),
		Template: task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"60s video", "cover"},
			Dues: []task.Due{{Milestone: task.MilestoneDraft, Date: starmap.DateOf(Now).AddDays(3)}}},
	}
	tk, _, err := task.New(o, starmap.AdvertiserActor(advertiser), Now, task.DefaultPolicy(),
		nil)
	if err != nil {
		t.Fatalf("tasktest: building a record: %v", err)
	}
	return tk.Record()
}

// Equal is the go-cmp option set that compares records (decimals by value,
// times by instant).
var Equal = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmp.AllowUnexported(starmap.Actor{}, starmap.Date{}),
}

// TestStore runs the conformance checks; newStore must return an empty
// store each time.
func TestStore(t *testing.T, newStore func() task.Store) {
	ctx := context.Background()

	t.Run("round_trip", func(t *testing.T) {
		s := newStore()
		r := NewRecord(t, "task-1", "adv-1", "cre-1")
		v, err := s.Create(ctx, r)
		if err != nil || v != 1 {
			t.Fatalf("Create = %d, %v; want 1, nil", v, err)
		}
		got, err := s.Get(ctx, "task-1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 1 {
			t.Errorf("Version = %d, want 1", got.Version)
		}
		r.Version = 1
		if d := cmp.Diff(r, got, Equal); d != "" {
			t.Errorf("Get differs from what was created (-want +got):\n%s", d)
		}
		tk, err := task.FromRecord(got)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tk.Apply(task.Request{Command: task.CmdAcceptOrder}, starmap.CreatorActor("cre-1"), Now); err != nil {
			t.Fatal(err)
		}
		v, err = s.Update(ctx, tk.Record())
		if err != nil || v != 2 {
			t.Fatalf("Update = %d, %v; want 2, nil", v, err)
		}
		got, err = s.Get(ctx, "task-1")
		if err != nil {
			t.Fatal(err)
		}
		if got.State != task.StateAccepted || got.Version != 2 || len(got.History) != 2 {
			t.Errorf("after update: state %v version %d history %d; want accepted 2 2", got.State, got.Version, len(got.History))
		}
	})

	t.Run("not_found", func(t *testing.T) {
		s := newStore()
		if _, err := s.Get(ctx, "nope"); !errors.Is(err, starmap.ErrNotFound) {
			t.Errorf("Get missing: %v, want ErrNotFound", err)
		}
		r := NewRecord(t, "nope", "adv-1", "cre-1")
		r.Version = 1
		if _, err := s.Update(ctx, r); !errors.Is(err, starmap.ErrNotFound) {
			t.Errorf("Update missing: %v, want ErrNotFound", err)
		}
	})

	t.Run("already_exists", func(t *testing.T) {
		s := newStore()
		r := NewRecord(t, "task-1", "adv-1", "cre-1")
		if _, err := s.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
		r2 := NewRecord(t, "task-1", "adv-2", "cre-2")
		if _, err := s.Create(ctx, r2); !errors.Is(err, starmap.ErrConflict) {
			t.Errorf("second Create: %v, want ErrConflict", err)
		}
		got, _ := s.Get(ctx, "task-1")
		if got.Advertiser != "adv-1" || got.Version != 1 {
			t.Errorf("the failed Create changed the record: %+v", got.Advertiser)
		}
	})

	t.Run("stale_version", func(t *testing.T) {
		s := newStore()
		if _, err := s.Create(ctx, NewRecord(t, "task-1", "adv-1", "cre-1")); err != nil {
			t.Fatal(err)
		}
		a, _ := s.Get(ctx, "task-1")
		b, _ := s.Get(ctx, "task-1")
		a.State = task.StateAccepted
		if _, err := s.Update(ctx, a); err != nil {
			t.Fatal(err)
		}
		b.State = task.StateDeclined
		if _, err := s.Update(ctx, b); !errors.Is(err, starmap.ErrConflict) {
			t.Errorf("stale Update: %v, want ErrConflict", err)
		}
		got, _ := s.Get(ctx, "task-1")
		if got.State != task.StateAccepted || got.Version != 2 {
			t.Errorf("after stale update: %v v%d, want accepted v2", got.State, got.Version)
		}
	})

	t.Run("concurrent_cas", func(t *testing.T) {
		s := newStore()
		if _, err := s.Create(ctx, NewRecord(t, "task-1", "adv-1", "cre-1")); err != nil {
			t.Fatal(err)
		}
		base, _ := s.Get(ctx, "task-1")
		const n = 16
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins, conflicts := 0, 0
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				r := base.Clone()
				r.ScriptRejections = i
				_, err := s.Update(ctx, r)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					wins++
				case errors.Is(err, starmap.ErrConflict):
					conflicts++
				default:
					t.Errorf("Update: %v", err)
				}
			}(i)
		}
		wg.Wait()
		if wins != 1 || conflicts != n-1 {
			t.Errorf("wins %d conflicts %d, want 1 and %d", wins, conflicts, n-1)
		}
		if got, _ := s.Get(ctx, "task-1"); got.Version != 2 {
			t.Errorf("version %d after one win, want 2", got.Version)
		}
	})

	t.Run("list", func(t *testing.T) {
		s := newStore()
		for i, id := range []string{"t-3", "t-1", "t-5", "t-2", "t-4"} {
			r := NewRecord(t, id, fmt.Sprintf("adv-%d", i%2), "cre-1")
			if id == "t-2" {
				r.State = task.StateDeclined
			}
			if _, err := s.Create(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		ids := func(rs []task.Record) []string {
			out := []string{}
			for _, r := range rs {
				out = append(out, r.ID)
			}
			return out
		}
		all, err := s.List(ctx, task.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff([]string{"t-1", "t-2", "t-3", "t-4", "t-5"}, ids(all)); d != "" {
			t.Errorf("List all (-want +got):\n%s", d)
		}
		for _, r := range all {
			if r.Version != 1 {
				t.Errorf("List %s version %d, want 1", r.ID, r.Version)
			}
		}
		open, _ := s.List(ctx, task.Query{Open: true})
		if d := cmp.Diff([]string{"t-1", "t-3", "t-4", "t-5"}, ids(open)); d != "" {
			t.Errorf("List open (-want +got):\n%s", d)
		}
		adv, _ := s.List(ctx, task.Query{Advertiser: "adv-0"})
		if d := cmp.Diff([]string{"t-3", "t-4", "t-5"}, ids(adv)); d != "" {
			t.Errorf("List by advertiser (-want +got):\n%s", d)
		}
		page, _ := s.List(ctx, task.Query{After: "t-2", Limit: 2})
		if d := cmp.Diff([]string{"t-3", "t-4"}, ids(page)); d != "" {
			t.Errorf("List page (-want +got):\n%s", d)
		}
		none, _ := s.List(ctx, task.Query{Creator: "cre-9"})
		if len(none) != 0 {
			t.Errorf("List by unknown creator: %v", ids(none))
		}
	})

	t.Run("no_aliasing", func(t *testing.T) {
		s := newStore()
		r := NewRecord(t, "task-1", "adv-1", "cre-1")
		if _, err := s.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
		r.History[0].Reason = "mutated after create"
		r.Template.Deliverables[0] = "mutated"
		got, _ := s.Get(ctx, "task-1")
		if got.History[0].Reason != "" || got.Template.Deliverables[0] != "60s video" {
			t.Errorf("mutating the created record changed the store")
		}
		got.History[0].Reason = "mutated after get"
		got.Postings[0].Kind = task.PostingRefund
		got.Template.Dues[0].Milestone = task.MilestoneFinal
		again, _ := s.Get(ctx, "task-1")
		if again.History[0].Reason != "" || again.Postings[0].Kind != task.PostingFreeze ||
			again.Template.Dues[0].Milestone != task.MilestoneDraft {
			t.Errorf("mutating a returned record changed the store")
		}
		list, _ := s.List(ctx, task.Query{})
		list[0].History[0].Reason = "mutated after list"
		again, _ = s.Get(ctx, "task-1")
		if again.History[0].Reason != "" {
			t.Errorf("mutating a listed record changed the store")
		}
	})
}
