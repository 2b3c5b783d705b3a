// Package componenttest is the conformance kit of component.Store: a host
// that implements the store over its own database runs TestStore in its
// tests. It checks the root's one version contract with
// internal/kit.CheckVersions — create at version 1, stale and missing
// updates, no shared memory, one winner among concurrent writers, and a
// round trip of every field of a record that sets every field to the
// extremes the library accepts — and then what is particular to
// component.Store: List's owner and filters, its total order (CreatedAt,
// then ID), the one paging rule and the keyset cursor component.Query
// documents.
//
//	func TestMyStore(t *testing.T) {
//		componenttest.TestStore(t, func() component.Store { return newMyStore(t) })
//	}
//
// Instants in the kit's records have microsecond precision, the finest a
// SQL timestamp keeps. A broken store is reported with t.Errorf (or
// t.Fatalf inside one subtest), never with a panic.
package componenttest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/internal/kit"
)

// TestStore runs the conformance checks against stores made by newStore,
// a fresh empty store for each group of checks.
func TestStore(t *testing.T, newStore func() component.Store) {
	t.Helper()
	fresh := func(t *testing.T) component.Store {
		t.Helper()
		if newStore == nil {
			t.Fatal("componenttest: newStore is nil")
		}
		s := newStore()
		if s == nil {
			t.Fatal("componenttest: newStore returned nil")
		}
		return s
	}
	t.Run("versions", func(t *testing.T) { kit.CheckVersions(t, 0, records(fresh(t))) })
	t.Run("list_owner_filters_and_order", func(t *testing.T) { testListOrder(t, fresh(t)) })
	t.Run("list_paging", func(t *testing.T) { testListPaging(t, fresh(t)) })
	t.Run("list_keyset_cursor", func(t *testing.T) { testListKeyset(t, fresh(t)) })
	t.Run("list_refusals", func(t *testing.T) { testListRefusals(t, fresh(t)) })
	t.Run("list_no_shared_memory", func(t *testing.T) { testListAliasing(t, fresh(t)) })
}

// options compare component values: actors by ==, times by Equal (go-cmp
// uses a type's Equal method, so a store that returns the instant in
// another location still matches).
var options = []cmp.Option{cmp.Comparer(func(a, b starmap.Actor) bool { return a == b })}

// The extremes of the kit's records: the first and last microsecond of the
// calendar the SDK represents, in China Standard Time.
var (
	first = starmap.MinDate().StartOfDay().Add(time.Microsecond)
	last  = starmap.MaxDate().StartOfDay().Add(24*time.Hour - time.Microsecond)
	t0    = time.Date(2026, 3, 2, 10, 0, 0, 123456000, starmap.CST())
)

// fullContent is content at every bound: an 18-digit app id, a page of
// exactly 200 characters, a 200-character title with a 4-byte character,
// an icon URL of exactly MaxIconLen bytes. n makes it differ.
func fullContent(n int) component.Content {
	path := "pages/goods/detail"
	q := "sku=" + strconv.Itoa(n) + "&from=xingtu&pad="
	q += strings.Repeat("x", 200-len(path)-1-len(q))
	icon := "https://img.example.com/icons/" + strconv.Itoa(n) + "/"
	icon += strings.Repeat("a", component.MaxIconLen-len(icon))
	return component.Content{
		AppID: fmt.Sprintf("tt%016x01", uint64(n)),
		Page:  component.Page{Path: path, Query: q},
		Title: strings.Repeat("好", 199-len(strconv.Itoa(n))) + strconv.Itoa(n) + "😀",
		Icon:  icon,
	}
}

// full returns record i of the version check: a rejected, edited, live
// component whose every field — and every field of every kind of history
// entry — is set, with instants at the ends of the calendar.
func full(i int) component.Record {
	id := "cmp-kit-" + strconv.Itoa(i)
	sub := starmap.SubAccountActor("adv-kit", "ops-"+strconv.Itoa(i))
	reviewer := starmap.PlatformActor("reviewer-kit")
	reason := strings.Repeat("驳", 199) + "😀"
	before, after := fullContent(i), fullContent(i+1)
	return component.Record{
		ID:        id,
		Owner:     "adv-kit",
		Channel:   starmap.FormatLive,
		Content:   after,
		State:     component.StateRejected,
		Reason:    reason,
		CreatedAt: first,
		UpdatedAt: last,
		History: []component.Change{
			{At: first, Actor: sub, Action: component.ActionCreate, To: component.StateInReview, After: before},
			{At: t0, Actor: reviewer, Action: component.ActionReject, From: component.StateInReview, To: component.StateRejected, Reason: reason},
			{At: last, Actor: starmap.AdvertiserActor("adv-kit"), Action: component.ActionEdit, From: component.StateRejected,
				To: component.StateRejected, Before: before, After: after},
		},
		Version: 7,
	}
}

func records(s component.Store) kit.Records[string, component.Record] {
	return kit.Records[string, component.Record]{
		Kind:        "component",
		Get:         s.Get,
		Create:      s.Create,
		Update:      s.Update,
		New:         full,
		Key:         func(r component.Record) string { return r.ID },
		Version:     func(r component.Record) uint64 { return r.Version },
		WithVersion: func(r component.Record, v uint64) component.Record { r.Version = v; return r },
		Change: func(r component.Record, i int) component.Record {
			r.History = append(slices.Clone(r.History), component.Change{
				At: t0.Add(time.Duration(i) * time.Second), Actor: starmap.AdvertiserActor("adv-kit"),
				Action: component.ActionResubmit, From: component.StateRejected, To: component.StateInReview,
			})
			r.State, r.Reason = component.StateInReview, ""
			r.UpdatedAt = t0.Add(time.Duration(i) * time.Second)
			return r
		},
		Scribble: func(r *component.Record) {
			for i := range r.History {
				r.History[i].Reason = "scribbled"
				r.History[i].Actor = starmap.CreatorActor("scribbled")
				r.History[i].After.Title = "scribbled"
			}
		},
		Options: options,
	}
}

// rec returns a valid record of owner's library, created at at and brought
// to state s.
func rec(t *testing.T, id, owner string, ch starmap.Format, s component.State, at time.Time) component.Record {
	t.Helper()
	c, _, err := component.New(starmap.AdvertiserActor(owner), at, id, ch, fullContent(len(id)))
	if err != nil {
		t.Fatalf("componenttest: bad fixture %s: %v", id, err)
	}
	reviewer := starmap.PlatformActor("reviewer-kit")
	switch s {
	case component.StateValid:
		_, err = c.Approve(reviewer, at)
	case component.StateRejected:
		_, err = c.Reject(reviewer, at, "图标不清晰")
	}
	if err != nil {
		t.Fatalf("componenttest: bad fixture %s: %v", id, err)
	}
	return c.Record()
}

func create(t *testing.T, s component.Store, rs ...component.Record) {
	t.Helper()
	for _, r := range rs {
		if _, err := s.Create(context.Background(), r); err != nil {
			t.Fatalf("Create %s: %v", r.ID, err)
		}
	}
}

// list runs List and returns the page, failing the test on an error.
func list(t *testing.T, s component.Store, q component.Query) starmap.Page[component.Record] {
	t.Helper()
	p, err := s.List(context.Background(), q)
	if err != nil {
		t.Fatalf("List(%+v): %v", q, err)
	}
	return p
}

func ids(rs []component.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// cursorOf is the documented cursor of a record's position (component.Query).
func cursorOf(r component.Record) string {
	return starmap.EncodeCursor(strconv.FormatInt(r.CreatedAt.Unix(), 10), strconv.Itoa(r.CreatedAt.Nanosecond()), r.ID)
}

func testListOrder(t *testing.T, s component.Store) {
	ctx := context.Background()
	sv, live := starmap.FormatShortVideo, starmap.FormatLive
	// Created out of order; c-a and c-b share an instant (ordered by id);
	// x-1 is another owner's.
	create(t, s,
		rec(t, "c-3", "adv-1", sv, component.StateValid, t0.Add(2*time.Hour)),
		rec(t, "c-b", "adv-1", live, component.StateValid, t0),
		rec(t, "x-1", "adv-2", sv, component.StateValid, t0),
		rec(t, "c-a", "adv-1", sv, component.StateInReview, t0),
		rec(t, "c-0", "adv-1", sv, component.StateRejected, t0.Add(time.Hour)),
		rec(t, "c-9", "adv-1", live, component.StateValid, first),
	)
	// One update bumps a version, which the list must report.
	r, err := s.Get(ctx, "c-0")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if _, err := s.Update(ctx, r); err != nil {
		t.Fatalf("Update: %v", err)
	}
	cases := []struct {
		name string
		q    component.Query
		want []string
	}{
		{"owner_only", component.Query{Owner: "adv-1"}, []string{"c-9", "c-a", "c-b", "c-0", "c-3"}},
		{"state", component.Query{Owner: "adv-1", Filter: component.Filter{State: component.StateValid}}, []string{"c-9", "c-b", "c-3"}},
		{"channel", component.Query{Owner: "adv-1", Filter: component.Filter{Channel: sv}}, []string{"c-a", "c-0", "c-3"}},
		{"state_and_channel", component.Query{Owner: "adv-1", Filter: component.Filter{State: component.StateValid, Channel: live}}, []string{"c-9", "c-b"}},
		{"other_owner", component.Query{Owner: "adv-2"}, []string{"x-1"}},
		{"owner_with_none", component.Query{Owner: "adv-404"}, []string{}},
		{"filter_keeping_none", component.Query{Owner: "adv-2", Filter: component.Filter{Channel: live}}, []string{}},
	}
	for _, tc := range cases {
		p := list(t, s, tc.q)
		if d := cmp.Diff(tc.want, ids(p.Items)); d != "" {
			t.Errorf("%s: listed ids (-want +got):\n%s", tc.name, d)
		}
		if p.Next != "" {
			t.Errorf("%s: a page holding every record has Next %q, want \"\"", tc.name, p.Next)
		}
		for _, r := range p.Items {
			want := uint64(1)
			if r.ID == "c-0" {
				want = 2
			}
			if r.Version != want {
				t.Errorf("%s: listed %s at version %d, want %d", tc.name, r.ID, r.Version, want)
			}
		}
	}
	// A listed record is the stored record, every field.
	p := list(t, s, component.Query{Owner: "adv-1", Filter: component.Filter{State: component.StateRejected}})
	got, err := s.Get(ctx, "c-0")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if len(p.Items) != 1 {
		t.Fatalf("rejected records of adv-1: %v, want [c-0]", ids(p.Items))
	}
	if d := cmp.Diff(got, p.Items[0], options...); d != "" {
		t.Errorf("listed and loaded record differ (-get +list):\n%s", d)
	}
}

func testListPaging(t *testing.T, s component.Store) {
	n := starmap.MaxPageLimit + 5
	var want []string
	for i := 0; i < n; i++ {
		// Pairs share an instant, so that ids break ties across pages.
		id := fmt.Sprintf("p-%03d", i)
		create(t, s, rec(t, id, "adv-1", starmap.FormatShortVideo, component.StateInReview, t0.Add(time.Duration(i/2)*time.Minute)))
		want = append(want, id)
	}
	p := list(t, s, component.Query{Owner: "adv-1"})
	if len(p.Items) != starmap.DefaultPageLimit || p.Next == "" {
		t.Errorf("limit 0 gave %d items (Next %q), want the default %d and a Next", len(p.Items), p.Next, starmap.DefaultPageLimit)
	}
	p = list(t, s, component.Query{Owner: "adv-1", PageRequest: starmap.PageRequest{Limit: 100000}})
	if len(p.Items) != starmap.MaxPageLimit || p.Next == "" {
		t.Errorf("limit 100000 gave %d items (Next %q), want the maximum %d and a Next", len(p.Items), p.Next, starmap.MaxPageLimit)
	}
	for _, limit := range []int{1, 7, starmap.MaxPageLimit} {
		var got []string
		q := component.Query{Owner: "adv-1", PageRequest: starmap.PageRequest{Limit: limit}}
		for pages := 0; ; pages++ {
			if pages > n {
				t.Fatalf("limit %d: more than %d pages; the cursor does not advance", limit, n)
			}
			p := list(t, s, q)
			if len(p.Items) > limit {
				t.Errorf("limit %d: a page of %d items", limit, len(p.Items))
			}
			if len(p.Items) == 0 && p.Next != "" {
				t.Fatalf("limit %d: an empty page with Next %q", limit, p.Next)
			}
			got = append(got, ids(p.Items)...)
			if len(p.Items) > 0 && p.Next != "" && p.Next != cursorOf(p.Items[len(p.Items)-1]) {
				t.Errorf("limit %d: Next %q is not the documented cursor of the last item %s", limit, p.Next, p.Items[len(p.Items)-1].ID)
			}
			if p.Next == "" {
				break
			}
			q.Cursor = p.Next
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("limit %d: every page together (-want +got):\n%s", limit, d)
		}
	}
	// The last page is exact: n is not a multiple of 7, and a limit of
	// exactly what is left gives no Next.
	p = list(t, s, component.Query{Owner: "adv-1", PageRequest: starmap.PageRequest{Limit: n}})
	if len(p.Items) != starmap.MaxPageLimit {
		t.Errorf("limit %d clamped to %d items, want %d", n, len(p.Items), starmap.MaxPageLimit)
	}
	if len(p.Items) > 0 {
		rest := list(t, s, component.Query{Owner: "adv-1", PageRequest: starmap.PageRequest{Limit: n - starmap.MaxPageLimit, Cursor: p.Next}})
		if len(rest.Items) != n-starmap.MaxPageLimit || rest.Next != "" {
			t.Errorf("the last %d records: %d items, Next %q; want them all and no Next", n-starmap.MaxPageLimit, len(rest.Items), rest.Next)
		}
	}
}

func testListKeyset(t *testing.T, s component.Store) {
	sv := starmap.FormatShortVideo
	create(t, s,
		rec(t, "k-1", "adv-1", sv, component.StateValid, t0),
		rec(t, "k-2", "adv-1", sv, component.StateValid, t0.Add(time.Minute)),
		rec(t, "k-3", "adv-1", sv, component.StateValid, t0.Add(2*time.Minute)),
		rec(t, "k-4", "adv-1", sv, component.StateValid, t0.Add(3*time.Minute)),
	)
	p := list(t, s, component.Query{Owner: "adv-1", PageRequest: starmap.PageRequest{Limit: 2}})
	if d := cmp.Diff([]string{"k-1", "k-2"}, ids(p.Items)); d != "" || p.Next == "" {
		t.Fatalf("first page (-want +got):\n%s(Next %q)", d, p.Next)
	}
	// Writes before the cursor do not shift the next page; a record after
	// it, and one at the cursor's instant with a larger id, show up.
	create(t, s,
		rec(t, "k-0", "adv-1", sv, component.StateValid, t0.Add(-time.Minute)),
		rec(t, "k-2a", "adv-1", sv, component.StateValid, t0.Add(time.Minute)),
		rec(t, "k-5", "adv-1", sv, component.StateValid, t0.Add(4*time.Minute)),
	)
	p = list(t, s, component.Query{Owner: "adv-1", PageRequest: starmap.PageRequest{Limit: 10, Cursor: p.Next}})
	if d := cmp.Diff([]string{"k-2a", "k-3", "k-4", "k-5"}, ids(p.Items)); d != "" {
		t.Errorf("page after the cursor, with writes on both sides (-want +got):\n%s", d)
	}
	// A cursor written by another store (the documented form) reads the
	// same: the position of k-2 at its instant.
	k2, err := s.Get(context.Background(), "k-2")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	p = list(t, s, component.Query{Owner: "adv-1", PageRequest: starmap.PageRequest{Limit: 2, Cursor: cursorOf(k2)}})
	if d := cmp.Diff([]string{"k-2a", "k-3"}, ids(p.Items)); d != "" {
		t.Errorf("page after a cursor in the documented form (-want +got):\n%s", d)
	}
	// The position need not be a stored record.
	ghost := component.Record{ID: "k-3z", CreatedAt: t0.Add(2 * time.Minute)}
	p = list(t, s, component.Query{Owner: "adv-1", PageRequest: starmap.PageRequest{Cursor: cursorOf(ghost)}})
	if d := cmp.Diff([]string{"k-4", "k-5"}, ids(p.Items)); d != "" {
		t.Errorf("page after a position between records (-want +got):\n%s", d)
	}
}

func testListRefusals(t *testing.T, s component.Store) {
	ctx := context.Background()
	create(t, s, rec(t, "r-1", "adv-1", starmap.FormatLive, component.StateValid, t0))
	if _, err := s.List(ctx, component.Query{Owner: "adv-1", PageRequest: starmap.PageRequest{Limit: -1}}); !errors.Is(err, starmap.ErrPageLimit) {
		t.Errorf("List with limit -1 = %v, want starmap.ErrPageLimit", err)
	}
	for _, c := range []string{
		"not a cursor!",
		starmap.EncodeCursor("1", "r-1"),
		starmap.EncodeCursor("1", "2", "r-1", "x"),
		starmap.EncodeCursor("one", "0", "r-1"),
		starmap.EncodeCursor("1", "1000000000", "r-1"),
		starmap.EncodeCursor("1", "-1", "r-1"),
		starmap.EncodeCursor("99999999999999999999", "0", "r-1"),
	} {
		if _, err := s.List(ctx, component.Query{Owner: "adv-1", PageRequest: starmap.PageRequest{Cursor: c}}); !errors.Is(err, starmap.ErrCursorInvalid) {
			t.Errorf("List with cursor %q = %v, want starmap.ErrCursorInvalid", c, err)
		}
	}
}

func testListAliasing(t *testing.T, s component.Store) {
	ctx := context.Background()
	create(t, s, rec(t, "a-1", "adv-1", starmap.FormatLive, component.StateRejected, t0))
	want, err := s.Get(ctx, "a-1")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	p := list(t, s, component.Query{Owner: "adv-1"})
	for i := range p.Items {
		for j := range p.Items[i].History {
			p.Items[i].History[j].Reason = "scribbled after List"
		}
		p.Items[i].History = append(p.Items[i].History, component.Change{Reason: "appended after List"})
	}
	got, err := s.Get(ctx, "a-1")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if d := cmp.Diff(want, got, options...); d != "" {
		t.Errorf("changing listed records changed the store (-before +after):\n%s", d)
	}
}
