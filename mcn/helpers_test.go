package mcn_test

import (
	"context"
	"errors"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

// The fixtures: a Monday morning in Beijing, the day it falls on, two
// MCNs, two creators and the platform.
var (
	t0   = time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
	day0 = starmap.DateOf(t0)

	mcnA     = starmap.MCNActor("mcn-a")
	mcnB     = starmap.MCNActor("mcn-b")
	creator1 = starmap.CreatorActor("c-1")
	creator2 = starmap.CreatorActor("c-2")
	ops      = starmap.PlatformActor("ops-1")
	adv      = starmap.AdvertiserActor("adv-1")
)

func d(n int) starmap.Date           { return day0.AddDays(n) }
func at(days int) time.Time          { return t0.AddDate(0, 0, days) }
func money(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func douyin(id string) mcn.Account { return mcn.Account{Platform: onboarding.Douyin, ID: id} }

// prop is a valid proposal to c-1: from tomorrow for a year, 20 %,
// covering c-1's Douyin account.
func prop(id string) mcn.Proposal {
	return mcn.Proposal{ID: id, Creator: "c-1", Accounts: []mcn.Account{douyin("dy-c1")},
		Start: d(1), End: d(365), ShareBP: 2000}
}

func with(p mcn.Proposal, f func(*mcn.Proposal)) mcn.Proposal {
	p.Accounts = slices.Clone(p.Accounts)
	f(&p)
	return p
}

// newBook returns c-1's empty book.
func newBook(t testing.TB) *mcn.Book {
	t.Helper()
	b, err := mcn.NewBook("c-1")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// must returns a function that fails the test on err and returns the
// events: must(t)(b.Accept(…)).
func must(t testing.TB) func([]starmap.Event, error) []starmap.Event {
	return func(evs []starmap.Event, err error) []starmap.Event {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected refusal: %v", err)
		}
		return evs
	}
}

// signed returns c-1's book with signing s1 of mcn-a proposed at t0 and
// accepted at t0 (in force from tomorrow, d(1), to d(365)).
func signed(t testing.TB) *mcn.Book {
	t.Helper()
	b := newBook(t)
	must(t)(b.Propose(mcnA, t0, prop("s1"), mcn.DefaultPolicy()))
	must(t)(b.Accept(creator1, t0, "s1", mcn.DefaultPolicy()))
	return b
}

// wantRule fails unless err matches every rule, and nothing else.
func wantRule(t testing.TB, err error, rules ...*starmap.Rule) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", codes(rules))
	}
	got := starmap.Codes(err)
	want := codes(rules)
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
	if !slices.Equal(got, want) {
		t.Fatalf("error codes %v, want %v (%v)", got, want, err)
	}
	for _, r := range rules {
		if !errors.Is(err, r) {
			t.Fatalf("errors.Is(err, %s) is false: %v", r.Code(), err)
		}
	}
}

func codes(rules []*starmap.Rule) []starmap.Code {
	out := make([]starmap.Code, len(rules))
	for i, r := range rules {
		out[i] = r.Code()
	}
	return out
}

// fixture is a Service over a memstore with a manual clock at t0.
type fixture struct {
	store *memstore.MCNStore
	clock *starmap.ManualClock
	svc   *mcn.Service
}

func newFixture(t testing.TB, opts ...mcn.Option) *fixture {
	t.Helper()
	f := &fixture{store: memstore.NewMCNStore(), clock: starmap.NewManualClock(t0)}
	svc, err := mcn.NewService(f.store, f.clock, opts...)
	if err != nil {
		t.Fatal(err)
	}
	f.svc = svc
	return f
}

// sign proposes p as by and has its creator accept it.
func (f *fixture) sign(t testing.TB, by starmap.Actor, p mcn.Proposal) mcn.Signing {
	t.Helper()
	ctx := context.Background()
	if _, _, err := f.svc.Propose(ctx, by, p); err != nil {
		t.Fatalf("Propose %s: %v", p.ID, err)
	}
	s, _, err := f.svc.Accept(ctx, starmap.CreatorActor(p.Creator), mcn.Key{Creator: p.Creator, Signing: p.ID})
	if err != nil {
		t.Fatalf("Accept %s: %v", p.ID, err)
	}
	return s
}

// tasks is a TaskSource over a list, answering in list order.
type tasks struct {
	mu   sync.Mutex
	all  []mcn.TaskSummary
	fail error
	// lie, when set, rewrites every answer (a broken source).
	lie func([]mcn.TaskSummary) []mcn.TaskSummary
}

func (s *tasks) Tasks(ctx context.Context, q mcn.TaskQuery) (starmap.Page[mcn.TaskSummary], error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return starmap.Page[mcn.TaskSummary]{}, s.fail
	}
	var keep []mcn.TaskSummary
	for _, t := range s.all {
		if t.MCN == q.MCN && (q.Creator == "" || t.Creator == q.Creator) && (!q.OpenOnly || t.Status.Open()) {
			keep = append(keep, t)
		}
	}
	p, err := starmap.PageOf(keep, q.PageRequest)
	if s.lie != nil {
		p.Items = s.lie(p.Items)
	}
	return p, err
}

// ledger is a Ledger over a list of entries.
type ledger struct {
	entries []mcn.Entry
	fail    error
}

func (l *ledger) Entries(ctx context.Context, party string, from, to time.Time) (decimal.Decimal, []mcn.Entry, error) {
	if l.fail != nil {
		return decimal.Zero, nil, l.fail
	}
	opening := decimal.Zero
	var in []mcn.Entry
	for _, e := range l.entries {
		switch {
		case e.Party != party:
		case e.At.Before(from):
			opening = opening.Add(e.Amount)
		case e.At.Before(to):
			in = append(in, e)
		}
	}
	return opening, in, nil
}

func onboardingPlatform(p uint8) onboarding.Platform { return onboarding.Platform(p) }
