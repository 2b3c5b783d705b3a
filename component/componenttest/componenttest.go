// Package componenttest is the conformance kit of component.Store: a host
// that implements the store over its own database runs TestStore in its
// tests to check the contract of the root package and of
// component.Store — round trip, not found, already exists, stale version,
// concurrent compare-and-swap, list ordering, no aliasing.
//
//	func TestMyStore(t *testing.T) {
//		componenttest.TestStore(t, func() component.Store { return newMyStore(t) })
//	}
package componenttest

import (
	"context"
	"errors"
	"fmt"
	"github.com/starmap-go/starmap/internal/kit"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
)

// Content returns valid component content, different for each n: a
// fixture for tests of stores and of code that uses components.
func Content(n int) component.Content {
	return component.Content{
		AppID: fmt.Sprintf("tt%016x01", uint64(n)),
		Page:  component.Page{Path: "pages/goods/detail", Query: fmt.Sprintf("sku=%d&from=xingtu", n)},
		Title: fmt.Sprintf("限时好物 %d", n),
		Icon:  fmt.Sprintf("https://img.example.com/icons/%d.png", n),
	}
}

// Record returns the record of a valid component id of owner's library,
// created at at, in review.
func Record(id, owner string, at time.Time) component.Record {
	c, _, err := component.New(id, starmap.AdvertiserActor(owner), starmap.FormatShortVideo, Content(len(id)), at)
	if err != nil {
		panic("componenttest: bad fixture: " + err.Error())
	}
	return c.Record()
}

// Options are the go-cmp options that compare component values: actors
// by ==, times by Equal (go-cmp's default for time.Time).
var Options = cmp.Options{cmp.Comparer(func(a, b starmap.Actor) bool { return a == b })}

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST)

// TestStore runs the conformance checks against stores made by newStore,
// a fresh empty store for each subtest.
func TestStore(t *testing.T, newStore func() component.Store) {
	ctx := context.Background()

	t.Run("round_trip", func(t *testing.T) {
		s := newStore()
		r := Record("cmp-1", "adv-1", t0)
		v, err := s.Create(ctx, r)
		if err != nil || v != 1 {
			t.Fatalf("Create = %d, %v; want 1, nil", v, err)
		}
		got, err := s.Get(ctx, "cmp-1")
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		r.Version = 1
		if d := cmp.Diff(r, got, Options); d != "" {
			t.Fatalf("Get after Create (-want +got):\n%s", d)
		}
		// A review decision, stored with the version read.
		c, err := component.FromRecord(got)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Approve(starmap.PlatformActor("reviewer-1"), t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		upd := c.Record()
		v, err = s.Update(ctx, upd)
		if err != nil || v != 2 {
			t.Fatalf("Update = %d, %v; want 2, nil", v, err)
		}
		got, err = s.Get(ctx, "cmp-1")
		if err != nil {
			t.Fatal(err)
		}
		upd.Version = 2
		if d := cmp.Diff(upd, got, Options); d != "" {
			t.Fatalf("Get after Update (-want +got):\n%s", d)
		}
	})

	t.Run("create_ignores_the_version_it_is_given", func(t *testing.T) {
		// Create stores version 1 whatever r.Version says: a record built
		// from one read elsewhere, or a forged version, does not set it.
		for _, given := range []uint64{1, 2, 7, ^uint64(0)} {
			s := newStore()
			r := Record("cmp-1", "adv-1", t0)
			r.Version = given
			v, err := s.Create(ctx, r)
			if err != nil || v != 1 {
				t.Fatalf("Create with Version %d = %d, %v; want 1, nil", given, v, err)
			}
			got, err := s.Get(ctx, "cmp-1")
			if err != nil || got.Version != 1 {
				t.Fatalf("Get after Create with Version %d: version %d, %v; want 1", given, got.Version, err)
			}
			// The stored version is 1: an update carrying the given one
			// conflicts (unless it is 1), one carrying 1 lands at 2.
			if given != 1 {
				if _, err := s.Update(ctx, r); !errors.Is(err, starmap.ErrVersionConflict) {
					t.Fatalf("Update with the version given to Create (%d) = %v; want starmap.ErrVersionConflict", given, err)
				}
			}
			r.Version = 1
			if v, err := s.Update(ctx, r); err != nil || v != 2 {
				t.Fatalf("Update at version 1 = %d, %v; want 2, nil", v, err)
			}
		}
	})

	t.Run("not_found", func(t *testing.T) {
		s := newStore()
		if _, err := s.Get(ctx, "nope"); !errors.Is(err, starmap.ErrRecordNotFound) || !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("Get of a missing id = %v; want starmap.ErrRecordNotFound (an ErrNotFound)", err)
		}
		r := Record("nope", "adv-1", t0)
		r.Version = 1
		if _, err := s.Update(ctx, r); !errors.Is(err, starmap.ErrRecordNotFound) || !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("Update of a missing id = %v; want starmap.ErrRecordNotFound (an ErrNotFound)", err)
		}
		if _, err := s.Get(ctx, "nope"); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("Update of a missing id created it: %v", err)
		}
	})

	t.Run("already_exists", func(t *testing.T) {
		s := newStore()
		if _, err := s.Create(ctx, Record("cmp-1", "adv-1", t0)); err != nil {
			t.Fatal(err)
		}
		other := Record("cmp-1", "adv-2", t0.Add(time.Minute))
		if _, err := s.Create(ctx, other); !errors.Is(err, starmap.ErrAlreadyExists) || !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("second Create = %v; want starmap.ErrAlreadyExists (an ErrConflict)", err)
		}
		got, err := s.Get(ctx, "cmp-1")
		if err != nil || got.Owner != "adv-1" || got.Version != 1 {
			t.Fatalf("the failed Create changed the record: %+v, %v", got, err)
		}
	})

	t.Run("stale_version", func(t *testing.T) {
		s := newStore()
		if _, err := s.Create(ctx, Record("cmp-1", "adv-1", t0)); err != nil {
			t.Fatal(err)
		}
		r, _ := s.Get(ctx, "cmp-1")
		fresh := r
		fresh.Reason = "x" // stores apply no rules
		fresh.State = component.StateRejected
		if _, err := s.Update(ctx, fresh); err != nil {
			t.Fatal(err)
		}
		stale := r
		stale.State = component.StateValid
		if _, err := s.Update(ctx, stale); !errors.Is(err, starmap.ErrVersionConflict) || !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("Update with a stale version = %v; want starmap.ErrVersionConflict (an ErrConflict)", err)
		}
		for _, v := range []uint64{0, 3, 99} {
			stale.Version = v
			if _, err := s.Update(ctx, stale); !errors.Is(err, starmap.ErrVersionConflict) || !errors.Is(err, starmap.ErrConflict) {
				t.Fatalf("Update with version %d = %v; want starmap.ErrVersionConflict (an ErrConflict)", v, err)
			}
		}
		got, _ := s.Get(ctx, "cmp-1")
		if got.State != component.StateRejected || got.Version != 2 {
			t.Fatalf("a stale Update changed the record: state %v version %d", got.State, got.Version)
		}
	})

	t.Run("concurrent_cas", func(t *testing.T) {
		s := newStore()
		if _, err := s.Create(ctx, Record("cmp-1", "adv-1", t0)); err != nil {
			t.Fatal(err)
		}
		r, _ := s.Get(ctx, "cmp-1")
		kit.OneWinner(t, 16, func(i int) error {
			w := r.Clone()
			w.Reason = fmt.Sprint("writer-", i)
			_, err := s.Update(ctx, w)
			return err
		})
		got, _ := s.Get(ctx, "cmp-1")
		if got.Version != 2 {
			t.Fatalf("version after one winning write = %d; want 2", got.Version)
		}
	})

	t.Run("list_by_owner_ordering", func(t *testing.T) {
		s := newStore()
		// Created out of order; two share an instant (ordered by id).
		recs := []component.Record{
			Record("c-3", "adv-1", t0.Add(2*time.Hour)),
			Record("c-b", "adv-1", t0),
			Record("x-1", "adv-2", t0),
			Record("c-a", "adv-1", t0),
			Record("c-0", "adv-1", t0.Add(time.Hour)),
		}
		for _, r := range recs {
			if _, err := s.Create(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		// One update bumps a version, which the list must report.
		r, _ := s.Get(ctx, "c-0")
		if _, err := s.Update(ctx, r); err != nil {
			t.Fatal(err)
		}
		got, err := s.ListByOwner(ctx, "adv-1")
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range got {
			ids = append(ids, r.ID)
			want := uint64(1)
			if r.ID == "c-0" {
				want = 2
			}
			if r.Version != want {
				t.Errorf("listed %s at version %d; want %d", r.ID, r.Version, want)
			}
		}
		if d := cmp.Diff([]string{"c-a", "c-b", "c-0", "c-3"}, ids); d != "" {
			t.Fatalf("ListByOwner order (-want +got):\n%s", d)
		}
		none, err := s.ListByOwner(ctx, "adv-404")
		if err != nil || len(none) != 0 {
			t.Fatalf("ListByOwner of an owner with none = %v, %v; want empty, nil", none, err)
		}
	})

	t.Run("no_aliasing", func(t *testing.T) {
		s := newStore()
		r := Record("cmp-1", "adv-1", t0)
		want := r.Clone()
		want.Version = 1
		if _, err := s.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
		r.History[0].Reason = "mutated after Create"
		r.Content.Title = "mutated"
		got, _ := s.Get(ctx, "cmp-1")
		got.History[0].Reason = "mutated after Get"
		got.History = append(got.History, component.Change{Reason: "appended"})
		listed, _ := s.ListByOwner(ctx, "adv-1")
		listed[0].History[0].Reason = "mutated after List"
		again, _ := s.Get(ctx, "cmp-1")
		if d := cmp.Diff(want, again, Options); d != "" {
			t.Fatalf("mutating records passed to or returned by the store changed it (-want +got):\n%s", d)
		}
		// The same after an Update.
		upd, _ := s.Get(ctx, "cmp-1")
		upd.Reason = "updated"
		if _, err := s.Update(ctx, upd); err != nil {
			t.Fatal(err)
		}
		want = upd.Clone()
		want.Version = 2
		upd.History[0].Reason = "mutated after Update"
		upd.Reason = "mutated"
		again, _ = s.Get(ctx, "cmp-1")
		if d := cmp.Diff(want, again, Options); d != "" {
			t.Fatalf("mutating a record after Update changed the store (-want +got):\n%s", d)
		}
	})
}
