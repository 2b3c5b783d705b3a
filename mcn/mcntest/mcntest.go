// Package mcntest is the conformance kit of mcn.Store: a host that
// implements the store over its own database runs TestStore in its tests.
//
//	func TestMyStore(t *testing.T) {
//		mcntest.TestStore(t, func() mcn.Store { return newMyStore(t) })
//	}
//
// It checks the root's one version contract on the store's one
// record kind, the creator's book, with internal/kit.CheckVersions —
// create at version 1, stale and missing updates, no shared memory, one
// winner among concurrent writers, a round trip of every field of a
// record that sets every field to the extremes the library accepts — and
// then what is particular to mcn.Store: List's filters (mcn.Query.Matches),
// its order by creator id, the one paging rule and the keyset cursor
// mcn.Query documents; and, through an mcn.Service over the store, that a
// creator never holds two active signings however many acceptances and
// proposals race (MCN-1): exactly one of 24 concurrent acceptances wins per
// creator, no concurrent proposal is lost, and under
// Policy.BlockOverlappingProposals exactly one of 24 overlapping proposals
// wins.
//
// Instants in the kit's records have microsecond precision, the finest a
// SQL timestamp keeps. A broken store is reported with t.Errorf (or
// t.Fatalf inside one subtest), never with a panic.
package mcntest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/internal/kit"
	"github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/onboarding"
)

// TestStore runs the conformance checks against stores made by newStore,
// a fresh empty store for each group of checks.
func TestStore(t *testing.T, newStore func() mcn.Store) {
	t.Helper()
	fresh := func(t *testing.T) mcn.Store {
		t.Helper()
		if newStore == nil {
			t.Fatal("mcntest: newStore is nil")
		}
		s := newStore()
		if s == nil {
			t.Fatal("mcntest: newStore returned nil")
		}
		return s
	}
	t.Run("versions", func(t *testing.T) { kit.CheckVersions(t, 0, records(fresh(t))) })
	t.Run("list_filters_and_order", func(t *testing.T) { testListFilters(t, fresh(t)) })
	t.Run("list_paging", func(t *testing.T) { testListPaging(t, fresh(t)) })
	t.Run("list_keyset_cursor", func(t *testing.T) { testListKeyset(t, fresh(t)) })
	t.Run("list_refusals", func(t *testing.T) { testListRefusals(t, fresh(t)) })
	t.Run("list_no_shared_memory", func(t *testing.T) { testListAliasing(t, fresh(t)) })
	t.Run("one_active_per_creator/accepts", func(t *testing.T) { testConcurrentAccepts(t, fresh(t)) })
	t.Run("one_active_per_creator/proposals", func(t *testing.T) { testConcurrentProposals(t, fresh(t)) })
	t.Run("one_active_per_creator/blocking_proposals", func(t *testing.T) { testConcurrentBlockingProposals(t, fresh(t)) })
	t.Run("one_active_per_creator/mixed", func(t *testing.T) { testConcurrentMixed(t, fresh(t)) })
}

// options compare records: actors by ==, times by Equal (go-cmp uses a
// type's Equal method), dates by ==.
// CheckVersions brings its own Date comparer; the kit's other checks use
// dateOptions.
var (
	options     = []cmp.Option{cmp.Comparer(func(a, b starmap.Actor) bool { return a == b })}
	dateOptions = append([]cmp.Option{cmp.Comparer(func(a, b starmap.Date) bool { return a == b })}, options...)
)

// The extremes of the kit's records: the first and last microsecond of the
// calendar the SDK represents, in China Standard Time.
var (
	first = starmap.MinDate().StartOfDay().Add(time.Microsecond)
	last  = starmap.MaxDate().StartOfDay().Add(24*time.Hour - time.Microsecond)
	t0    = time.Date(2026, 3, 2, 10, 0, 0, 123456000, starmap.CST())
	day0  = starmap.DateOf(t0)
)

// accounts are one account on every platform, the last of the longest id.
func accounts(n int) []mcn.Account {
	out := []mcn.Account{}
	for i, p := range onboarding.Platforms() {
		out = append(out, mcn.Account{Platform: p, ID: "acct-" + strconv.Itoa(n) + "-" + strconv.Itoa(i)})
	}
	long := strings.Repeat("长", 40) + "-" + strconv.Itoa(n)
	out = append(out, mcn.Account{Platform: onboarding.Douyin, ID: long[:min(len(long), starmap.MaxIDLen)]})
	return out
}

// full returns book i of the version check: one signing in every state,
// every field of every signing and of every kind of history entry set,
// the term from MinDate to MaxDate, shares 0 and 10,000, reasons of 1,000
// characters with a 4-byte one, instants at the ends of the calendar.
func full(i int) mcn.Record {
	creator := "creator-kit-" + strconv.Itoa(i)
	reason := strings.Repeat("因", 999) + "😀"
	mcnA, mcnB := starmap.MCNActor("mcn-kit-a"), starmap.MCNActor("mcn-kit-b")
	c := starmap.CreatorActor(creator)
	ops := starmap.PlatformActor("ops-kit")
	sg := func(id string, m starmap.Actor, s mcn.State, share int, excl bool) mcn.Signing {
		return mcn.Signing{ID: id, MCN: m.ID(), Creator: creator, Accounts: accounts(i),
			Start: starmap.MinDate(), End: starmap.MaxDate(), ShareBP: share, Exclusive: excl,
			State: s, ProposedAt: first}
	}
	proposed := sg("s-proposed", mcnA, mcn.StateProposed, mcn.MaxShareBP, true)
	active := sg("s-active", mcnB, mcn.StateActive, 0, false)
	active.AcceptedAt = t0
	ended := sg("s-ended", mcnA, mcn.StateEnded, 3000, true)
	ended.AcceptedAt, ended.ClosedAt, ended.ClosedBy, ended.Reason = t0, last, mcn.ActionEnd, reason
	expired := sg("s-expired", mcnA, mcn.StateEnded, 1, false)
	expired.AcceptedAt, expired.ClosedAt, expired.ClosedBy = first, last, mcn.ActionExpire
	declined := sg("s-declined", mcnB, mcn.StateDeclined, 9999, false)
	declined.ClosedAt, declined.ClosedBy, declined.Reason = t0, mcn.ActionDecline, reason
	withdrawn := sg("s-withdrawn", mcnA, mcn.StateWithdrawn, 5000, true)
	withdrawn.ClosedAt, withdrawn.ClosedBy, withdrawn.Reason = t0, mcn.ActionWithdraw, "撤回"
	lapsed := sg("s-lapsed", mcnB, mcn.StateLapsed, 2500, false)
	lapsed.ClosedAt, lapsed.ClosedBy = last, mcn.ActionLapse
	h := func(at time.Time, by starmap.Actor, a mcn.Action, id string, from, to mcn.State, reason string) mcn.Change {
		return mcn.Change{At: at, Actor: by, Action: a, Signing: id, From: from, To: to, Reason: reason}
	}
	return mcn.Record{
		Creator:  creator,
		Signings: []mcn.Signing{proposed, active, ended, expired, declined, withdrawn, lapsed},
		History: []mcn.Change{
			h(first, mcnA, mcn.ActionPropose, "s-proposed", 0, mcn.StateProposed, ""),
			h(t0, c, mcn.ActionAccept, "s-active", mcn.StateProposed, mcn.StateActive, ""),
			h(t0, ops, mcn.ActionEnd, "s-ended", mcn.StateActive, mcn.StateEnded, reason),
			h(last, mcn.TermClock(), mcn.ActionExpire, "s-expired", mcn.StateActive, mcn.StateEnded, ""),
			h(t0, c, mcn.ActionDecline, "s-declined", mcn.StateProposed, mcn.StateDeclined, reason),
			h(t0, mcnA, mcn.ActionWithdraw, "s-withdrawn", mcn.StateProposed, mcn.StateWithdrawn, "撤回"),
			h(last, ops, mcn.ActionLapse, "s-lapsed", mcn.StateProposed, mcn.StateLapsed, ""),
		},
		Version: 7,
	}
}

func records(s mcn.Store) kit.Records[string, mcn.Record] {
	return kit.Records[string, mcn.Record]{
		Kind:        "signing book",
		Get:         s.Get,
		Create:      s.Create,
		Update:      s.Update,
		New:         full,
		Key:         func(r mcn.Record) string { return r.Creator },
		Version:     func(r mcn.Record) uint64 { return r.Version },
		WithVersion: func(r mcn.Record, v uint64) mcn.Record { r.Version = v; return r },
		Change: func(r mcn.Record, i int) mcn.Record {
			r.Signings = slices.Clone(r.Signings)
			at := t0.Add(time.Duration(i) * time.Second)
			r.Signings[1].State, r.Signings[1].ClosedAt, r.Signings[1].ClosedBy = mcn.StateEnded, at, mcn.ActionEnd
			r.Signings[1].Reason = "change " + strconv.Itoa(i)
			r.History = append(slices.Clone(r.History), mcn.Change{At: at, Actor: starmap.CreatorActor(r.Creator),
				Action: mcn.ActionEnd, Signing: r.Signings[1].ID, From: mcn.StateActive, To: mcn.StateEnded,
				Reason: "change " + strconv.Itoa(i)})
			return r
		},
		Scribble: func(r *mcn.Record) {
			for i := range r.Signings {
				for j := range r.Signings[i].Accounts {
					r.Signings[i].Accounts[j].ID = "scribbled"
				}
				r.Signings[i].Reason = "scribbled"
			}
			for i := range r.History {
				r.History[i].Reason = "scribbled"
				r.History[i].Actor = starmap.CreatorActor("scribbled")
			}
		},
		Options: options,
	}
}

// book is a valid book of creator: for each spec, one signing of the MCN
// in the state, its term starting on day0+offset days for 30 days.
type spec struct {
	id, mcn string
	state   mcn.State
	offset  int
	account mcn.Account
}

func book(t *testing.T, creator string, specs ...spec) mcn.Record {
	t.Helper()
	b, err := mcn.NewBook(creator)
	if err != nil {
		t.Fatalf("mcntest: bad fixture %s: %v", creator, err)
	}
	pol := mcn.Policy{ManyActive: true}
	for _, s := range specs {
		start := day0.AddDays(s.offset)
		accts := []mcn.Account{{Platform: onboarding.Douyin, ID: "dy-" + creator}}
		if !s.account.IsZero() {
			accts = []mcn.Account{s.account}
		}
		p := mcn.Proposal{ID: s.id, Creator: creator, Accounts: accts, Start: start, End: start.AddDays(29), ShareBP: 1000}
		at := t0
		if _, err := b.Propose(starmap.MCNActor(s.mcn), at, p, pol); err != nil {
			t.Fatalf("mcntest: bad fixture %s/%s: %v", creator, s.id, err)
		}
		c := starmap.CreatorActor(creator)
		switch s.state {
		case mcn.StateActive:
			_, err = b.Accept(c, at, s.id, pol)
		case mcn.StateEnded:
			if _, err = b.Accept(c, at, s.id, pol); err == nil {
				_, err = b.End(c, at, s.id, "不再合作")
			}
		case mcn.StateDeclined:
			_, err = b.Decline(c, at, s.id, "")
		case mcn.StateWithdrawn:
			_, err = b.Withdraw(starmap.MCNActor(s.mcn), at, s.id, "")
		}
		if err != nil {
			t.Fatalf("mcntest: bad fixture %s/%s: %v", creator, s.id, err)
		}
	}
	return b.Record()
}

func create(t *testing.T, s mcn.Store, rs ...mcn.Record) {
	t.Helper()
	for _, r := range rs {
		if _, err := s.Create(context.Background(), r); err != nil {
			t.Fatalf("Create %s: %v", r.Creator, err)
		}
	}
}

func list(t *testing.T, s mcn.Store, q mcn.Query) starmap.Page[mcn.Record] {
	t.Helper()
	p, err := s.List(context.Background(), q)
	if err != nil {
		t.Fatalf("List(%+v): %v", q, err)
	}
	return p
}

func creators(rs []mcn.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Creator
	}
	return out
}

func testListFilters(t *testing.T, s mcn.Store) {
	ctx := context.Background()
	ks := mcn.Account{Platform: onboarding.Xigua, ID: "xg-shared"}
	// Created out of order; c-b holds one active signing of m-1 and one
	// proposal of m-2; c-a an ended signing of m-1 and an active one of
	// m-2; c-c a proposal of m-1 that starts in 40 days, covering ks;
	// c-9 an active signing of m-3 covering ks; c-0 a declined one.
	create(t, s,
		book(t, "c-b", spec{"s1", "m-1", mcn.StateActive, 0, mcn.Account{}}, spec{"s2", "m-2", mcn.StateProposed, 0, mcn.Account{}}),
		book(t, "c-a", spec{"s1", "m-1", mcn.StateEnded, 0, mcn.Account{}}, spec{"s2", "m-2", mcn.StateActive, 0, mcn.Account{}}),
		book(t, "c-c", spec{"s1", "m-1", mcn.StateProposed, 40, ks}),
		book(t, "c-9", spec{"s1", "m-3", mcn.StateActive, 0, ks}),
		book(t, "c-0", spec{"s1", "m-2", mcn.StateDeclined, 0, mcn.Account{}}),
	)
	// One update bumps a version, which the list must report.
	r, err := s.Get(ctx, "c-a")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if _, err := s.Update(ctx, r); err != nil {
		t.Fatalf("Update: %v", err)
	}
	dy := func(c string) mcn.Account { return mcn.Account{Platform: onboarding.Douyin, ID: "dy-" + c} }
	cases := []struct {
		name string
		q    mcn.Query
		want []string
	}{
		{"everything", mcn.Query{}, []string{"c-0", "c-9", "c-a", "c-b", "c-c"}},
		{"mcn", mcn.Query{MCN: "m-1"}, []string{"c-a", "c-b", "c-c"}},
		{"state", mcn.Query{State: mcn.StateActive}, []string{"c-9", "c-a", "c-b"}},
		{"mcn_and_state_of_one_signing", mcn.Query{MCN: "m-1", State: mcn.StateActive}, []string{"c-b"}},
		{"mcn_and_state_never_split", mcn.Query{MCN: "m-2", State: mcn.StateEnded}, []string{}},
		{"account", mcn.Query{Account: ks}, []string{"c-9", "c-c"}},
		{"account_and_mcn", mcn.Query{Account: ks, MCN: "m-3", State: mcn.StateActive}, []string{"c-9"}},
		{"account_other_platform", mcn.Query{Account: mcn.Account{Platform: onboarding.Douyin, ID: "xg-shared"}}, []string{}},
		{"account_of_one_creator", mcn.Query{Account: dy("c-a")}, []string{"c-a"}},
		{"expiring_on_the_last_day", mcn.Query{Expiring: day0.AddDays(29)}, []string{}},
		{"expiring_the_day_after", mcn.Query{Expiring: day0.AddDays(30)}, []string{"c-9", "c-a", "c-b"}},
		{"expiring_later", mcn.Query{Expiring: day0.AddDays(70)}, []string{"c-9", "c-a", "c-b", "c-c"}},
		{"expiring_and_mcn", mcn.Query{Expiring: day0.AddDays(30), MCN: "m-2"}, []string{"c-a", "c-b"}},
		{"mcn_with_none", mcn.Query{MCN: "m-404"}, []string{}},
	}
	for _, tc := range cases {
		p := list(t, s, tc.q)
		if d := cmp.Diff(tc.want, creators(p.Items)); d != "" {
			t.Errorf("%s: listed creators (-want +got):\n%s", tc.name, d)
		}
		if p.Next != "" {
			t.Errorf("%s: a page holding every record has Next %q, want \"\"", tc.name, p.Next)
		}
		for _, r := range p.Items {
			want := uint64(1)
			if r.Creator == "c-a" {
				want = 2
			}
			if r.Version != want {
				t.Errorf("%s: listed %s at version %d, want %d", tc.name, r.Creator, r.Version, want)
			}
			if !tc.q.Matches(r) {
				t.Errorf("%s: listed %s, which the query does not match", tc.name, r.Creator)
			}
		}
	}
	// A listed record is the stored record, every field.
	p := list(t, s, mcn.Query{MCN: "m-1", State: mcn.StateEnded})
	got, err := s.Get(ctx, "c-a")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if len(p.Items) != 1 {
		t.Fatalf("books with an ended signing of m-1: %v, want [c-a]", creators(p.Items))
	}
	if d := cmp.Diff(got, p.Items[0], dateOptions...); d != "" {
		t.Errorf("listed and loaded record differ (-get +list):\n%s", d)
	}
}

func testListPaging(t *testing.T, s mcn.Store) {
	n := starmap.MaxPageLimit + 5
	var want []string
	for i := 0; i < n; i++ {
		c := fmt.Sprintf("p-%03d", i)
		create(t, s, book(t, c, spec{"s1", "m-1", mcn.StateActive, 0, mcn.Account{}}))
		want = append(want, c)
	}
	// Another MCN's books interleave and are never listed.
	for i := 0; i < 10; i++ {
		create(t, s, book(t, fmt.Sprintf("p-%03da", i*20), spec{"s1", "m-2", mcn.StateActive, 0, mcn.Account{}}))
	}
	q := mcn.Query{MCN: "m-1"}
	p := list(t, s, q)
	if len(p.Items) != starmap.DefaultPageLimit || p.Next == "" {
		t.Errorf("limit 0 gave %d items (Next %q), want the default %d and a Next", len(p.Items), p.Next, starmap.DefaultPageLimit)
	}
	q.Limit = 100000
	p = list(t, s, q)
	if len(p.Items) != starmap.MaxPageLimit || p.Next == "" {
		t.Errorf("limit 100000 gave %d items (Next %q), want the maximum %d and a Next", len(p.Items), p.Next, starmap.MaxPageLimit)
	}
	for _, limit := range []int{1, 7, starmap.MaxPageLimit} {
		var got []string
		q := mcn.Query{MCN: "m-1", PageRequest: starmap.PageRequest{Limit: limit}}
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
			got = append(got, creators(p.Items)...)
			if len(p.Items) > 0 && p.Next != "" && p.Next != mcn.CursorAfter(p.Items[len(p.Items)-1].Creator) {
				t.Errorf("limit %d: Next %q is not the documented cursor of the last item", limit, p.Next)
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
	// A limit of exactly what is left gives no Next.
	p = list(t, s, mcn.Query{MCN: "m-1", PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}})
	rest := list(t, s, mcn.Query{MCN: "m-1", PageRequest: starmap.PageRequest{Limit: n - starmap.MaxPageLimit, Cursor: p.Next}})
	if len(rest.Items) != n-starmap.MaxPageLimit || rest.Next != "" {
		t.Errorf("the last %d records: %d items, Next %q; want them all and no Next", n-starmap.MaxPageLimit, len(rest.Items), rest.Next)
	}
}

func testListKeyset(t *testing.T, s mcn.Store) {
	for _, c := range []string{"k-1", "k-2", "k-3", "k-4"} {
		create(t, s, book(t, c, spec{"s1", "m-1", mcn.StateActive, 0, mcn.Account{}}))
	}
	p := list(t, s, mcn.Query{MCN: "m-1", PageRequest: starmap.PageRequest{Limit: 2}})
	if d := cmp.Diff([]string{"k-1", "k-2"}, creators(p.Items)); d != "" || p.Next == "" {
		t.Fatalf("first page (-want +got):\n%s(Next %q)", d, p.Next)
	}
	// Writes before the cursor do not shift the next page; books after it
	// show up, one sorting right after the cursor's id too.
	for _, c := range []string{"k-0", "k-2a", "k-5"} {
		create(t, s, book(t, c, spec{"s1", "m-1", mcn.StateActive, 0, mcn.Account{}}))
	}
	p = list(t, s, mcn.Query{MCN: "m-1", PageRequest: starmap.PageRequest{Limit: 10, Cursor: p.Next}})
	if d := cmp.Diff([]string{"k-2a", "k-3", "k-4", "k-5"}, creators(p.Items)); d != "" {
		t.Errorf("page after the cursor, with writes on both sides (-want +got):\n%s", d)
	}
	// A cursor in the documented form, of a position that is no book,
	// reads the same in every store.
	p = list(t, s, mcn.Query{MCN: "m-1", PageRequest: starmap.PageRequest{Cursor: mcn.CursorAfter("k-3z")}})
	if d := cmp.Diff([]string{"k-4", "k-5"}, creators(p.Items)); d != "" {
		t.Errorf("page after a position between books (-want +got):\n%s", d)
	}
	// Ids compare bytewise: "K" < "k" < "长".
	create(t, s, book(t, "K-1", spec{"s1", "m-1", mcn.StateActive, 0, mcn.Account{}}),
		book(t, "长-1", spec{"s1", "m-1", mcn.StateActive, 0, mcn.Account{}}))
	p = list(t, s, mcn.Query{MCN: "m-1", PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}})
	if d := cmp.Diff([]string{"K-1", "k-0", "k-1", "k-2", "k-2a", "k-3", "k-4", "k-5", "长-1"}, creators(p.Items)); d != "" {
		t.Errorf("bytewise order (-want +got):\n%s", d)
	}
}

func testListRefusals(t *testing.T, s mcn.Store) {
	ctx := context.Background()
	create(t, s, book(t, "r-1", spec{"s1", "m-1", mcn.StateActive, 0, mcn.Account{}}))
	if _, err := s.List(ctx, mcn.Query{PageRequest: starmap.PageRequest{Limit: -1}}); !errors.Is(err, starmap.ErrPageLimit) {
		t.Errorf("List with limit -1 = %v, want starmap.ErrPageLimit", err)
	}
	for _, c := range []string{"not a cursor!", starmap.EncodeCursor("r-1", "x"), "%%%", "MDo=x"} {
		if _, err := s.List(ctx, mcn.Query{PageRequest: starmap.PageRequest{Cursor: c}}); !errors.Is(err, starmap.ErrCursorInvalid) {
			t.Errorf("List with cursor %q = %v, want starmap.ErrCursorInvalid", c, err)
		}
	}
}

func testListAliasing(t *testing.T, s mcn.Store) {
	ctx := context.Background()
	create(t, s, book(t, "a-1", spec{"s1", "m-1", mcn.StateEnded, 0, mcn.Account{}}))
	want, err := s.Get(ctx, "a-1")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	p := list(t, s, mcn.Query{MCN: "m-1"})
	for i := range p.Items {
		for j := range p.Items[i].Signings {
			p.Items[i].Signings[j].Reason = "scribbled after List"
			for k := range p.Items[i].Signings[j].Accounts {
				p.Items[i].Signings[j].Accounts[k].ID = "scribbled"
			}
		}
		for j := range p.Items[i].History {
			p.Items[i].History[j].Reason = "scribbled after List"
		}
		p.Items[i].Signings = append(p.Items[i].Signings, mcn.Signing{ID: "appended"})
	}
	got, err := s.Get(ctx, "a-1")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if d := cmp.Diff(want, got, dateOptions...); d != "" {
		t.Errorf("changing listed records changed the store (-before +after):\n%s", d)
	}
}

// Racers is how many calls each concurrency check releases at once: as
// many as a creator may have open proposals (mcn.MaxOpenProposals), so
// that every racing proposal to one creator can be stored.
const Racers = mcn.MaxOpenProposals

// latent is the host's store as a Service over a network meets it: each
// read comes back a little later, so that the racers' load → decide →
// write cycles overlap as they do against a database, and a store whose
// Update does not compare and swap loses writes where the checks see it.
// It adds time, never behaviour.
type latent struct{ mcn.Store }

func (l latent) Get(ctx context.Context, creator string) (mcn.Record, error) {
	r, err := l.Store.Get(ctx, creator)
	time.Sleep(50 * time.Microsecond)
	return r, err
}

// service is a Service over s (with latency) with a clock at t0 and
// enough attempts for every racer to decide once on the final state.
func service(t *testing.T, s mcn.Store, pol mcn.Policy) *mcn.Service {
	t.Helper()
	svc, err := mcn.NewService(latent{s}, starmap.NewManualClock(t0), mcn.WithPolicy(pol),
		mcn.WithRetry(starmap.Retry{Attempts: 8 * Racers}))
	if err != nil {
		t.Fatalf("NewService: %v", err)
	}
	return svc
}

// proposal is racer i's overlapping proposal to creator.
func proposal(creator string, i int) mcn.Proposal {
	return mcn.Proposal{ID: "s-" + strconv.Itoa(i), Creator: creator,
		Accounts: []mcn.Account{{Platform: onboarding.Douyin, ID: "dy-" + creator}},
		Start:    day0.AddDays(1 + i%3), End: day0.AddDays(200), ShareBP: 100 * i}
}

// race runs call(0) … call(n-1) at once and returns their errors.
func race(n int, call func(i int) error) []error {
	var wg, ready sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, n)
	ready.Add(n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			ready.Done()
			<-start
			errs[i] = call(i)
		}(i)
	}
	ready.Wait()
	close(start)
	wg.Wait()
	return errs
}

// active returns the ids of the creator's stored active signings.
func active(t *testing.T, s mcn.Store, creator string) []string {
	t.Helper()
	r, err := s.Get(context.Background(), creator)
	if err != nil {
		t.Fatalf("Get %s: %v", creator, err)
	}
	var out []string
	for _, sg := range r.Signings {
		if sg.State == mcn.StateActive {
			out = append(out, sg.ID)
		}
	}
	return out
}

// oneWinner checks that exactly one call won and every other was refused
// with rule (never a version conflict: the retries decide again).
func oneWinner(t *testing.T, label string, errs []error, rule *starmap.Rule) int {
	t.Helper()
	winner, wins := -1, 0
	for i, err := range errs {
		switch {
		case err == nil:
			winner, wins = i, wins+1
		case !errors.Is(err, rule):
			t.Errorf("%s: racer %d failed with %v, want %s", label, i, err, rule.Code())
		}
	}
	if wins != 1 {
		t.Errorf("%s: %d of %d racers won, want exactly 1", label, wins, len(errs))
	}
	return winner
}

// testConcurrentAccepts: three creators, each with Racers overlapping
// proposals of Racers MCNs; every proposal of every creator is accepted
// at once. Exactly one acceptance wins per creator; the others are
// refused with ErrOneActive; the store holds that one active signing.
func testConcurrentAccepts(t *testing.T, s mcn.Store) {
	ctx := context.Background()
	svc := service(t, s, mcn.DefaultPolicy())
	cs := []string{"race-a", "race-b", "race-c"}
	for _, c := range cs {
		for i := 0; i < Racers; i++ {
			if _, _, err := svc.Propose(ctx, starmap.MCNActor("m-"+strconv.Itoa(i)), proposal(c, i)); err != nil {
				t.Fatalf("Propose %s %d: %v", c, i, err)
			}
		}
	}
	errs := race(len(cs)*Racers, func(i int) error {
		c := cs[i%len(cs)]
		_, _, err := svc.Accept(ctx, starmap.CreatorActor(c), mcn.Key{Creator: c, Signing: "s-" + strconv.Itoa(i/len(cs))})
		return err
	})
	for ci, c := range cs {
		var mine []error
		for i := ci; i < len(errs); i += len(cs) {
			mine = append(mine, errs[i])
		}
		w := oneWinner(t, "accepts of "+c, mine, mcn.ErrOneActive)
		if got := active(t, s, c); w >= 0 && !slices.Equal(got, []string{"s-" + strconv.Itoa(w)}) {
			t.Errorf("%s: active signings %v, want [s-%d]", c, got, w)
		}
	}
}

// testConcurrentProposals: Racers MCNs propose to a creator without a
// book at once; under the default policy proposals may overlap, so every
// one is stored — the first creates the book, the others are written over
// it, none lost.
func testConcurrentProposals(t *testing.T, s mcn.Store) {
	ctx := context.Background()
	svc := service(t, s, mcn.DefaultPolicy())
	errs := race(Racers, func(i int) error {
		_, _, err := svc.Propose(ctx, starmap.MCNActor("m-"+strconv.Itoa(i)), proposal("fresh", i))
		return err
	})
	for i, err := range errs {
		if err != nil {
			t.Errorf("proposal %d: %v", i, err)
		}
	}
	r, err := s.Get(ctx, "fresh")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if len(r.Signings) != Racers || len(r.History) != Racers {
		t.Errorf("the book holds %d signings and %d changes, want %d of each: concurrent writes were lost", len(r.Signings), len(r.History), Racers)
	}
}

// testConcurrentBlockingProposals: under Policy.BlockOverlappingProposals
// exactly one of Racers overlapping proposals is stored.
func testConcurrentBlockingProposals(t *testing.T, s mcn.Store) {
	ctx := context.Background()
	svc := service(t, s, mcn.Policy{BlockOverlappingProposals: true})
	errs := race(Racers, func(i int) error {
		_, _, err := svc.Propose(ctx, starmap.MCNActor("m-"+strconv.Itoa(i)), proposal("blocked", i))
		return err
	})
	oneWinner(t, "blocking proposals", errs, mcn.ErrTermOverlap)
	if r, err := s.Get(ctx, "blocked"); err != nil || len(r.Signings) != 1 {
		t.Errorf("the book holds %d signings (%v), want 1", len(r.Signings), err)
	}
}

// testConcurrentMixed: on one creator, half the racers propose and half
// accept the proposals made before the race; an accepted signing is then
// ended by its MCN while the others keep accepting. Whatever the
// interleaving, the creator never holds two active signings and every
// refusal is a rule's.
func testConcurrentMixed(t *testing.T, s mcn.Store) {
	ctx := context.Background()
	svc := service(t, s, mcn.DefaultPolicy())
	const c = "mixed"
	for i := 0; i < Racers/2; i++ {
		if _, _, err := svc.Propose(ctx, starmap.MCNActor("m-"+strconv.Itoa(i)), proposal(c, i)); err != nil {
			t.Fatalf("Propose %d: %v", i, err)
		}
	}
	errs := race(Racers, func(i int) error {
		if i%2 == 0 {
			_, _, err := svc.Propose(ctx, starmap.MCNActor("m-"+strconv.Itoa(Racers+i)), proposal(c, Racers+i))
			return err
		}
		k := mcn.Key{Creator: c, Signing: "s-" + strconv.Itoa(i/2)}
		if _, _, err := svc.Accept(ctx, starmap.CreatorActor(c), k); err != nil {
			return err
		}
		_, _, err := svc.End(ctx, starmap.MCNActor("m-"+strconv.Itoa(i/2)), k, "换签")
		return err
	})
	for i, err := range errs {
		// A proposal may meet an active signing (overlap), an acceptance
		// another active one; nothing else.
		if err != nil && !errors.Is(err, mcn.ErrOneActive) && !errors.Is(err, mcn.ErrTermOverlap) {
			t.Errorf("racer %d: %v", i, err)
		}
	}
	if got := active(t, s, c); len(got) > 1 {
		t.Errorf("active signings after the race: %v, want at most one", got)
	}
	r, err := s.Get(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mcn.FromRecord(r); err != nil {
		t.Errorf("the book after the race does not read back: %v", err)
	}
	// Replayed in order, the history never has two signings active at once.
	act := map[string]bool{}
	for i, ch := range r.History {
		switch {
		case ch.To == mcn.StateActive:
			act[ch.Signing] = true
		case ch.From == mcn.StateActive:
			delete(act, ch.Signing)
		}
		if len(act) > 1 {
			t.Fatalf("after change %d of the history, %d signings are active", i+1, len(act))
		}
	}
}
